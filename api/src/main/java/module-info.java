/**
 * The qtalk waist: {@link dev.qtalk.Session}s of {@link dev.qtalk.Channel}s, and the
 * {@link dev.qtalk.spi.TransportProvider} SPI through which {@link dev.qtalk.Transports}
 * finds a transport for a URI scheme.
 */
module dev.qtalk.api {
  requires jdk.jfr;

  exports dev.qtalk;
  exports dev.qtalk.spi;
  exports dev.qtalk.tls;

  uses dev.qtalk.spi.TransportProvider;
}
