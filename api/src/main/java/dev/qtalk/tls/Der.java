package dev.qtalk.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The few DER encodings a self-signed X.509 certificate needs (ITU-T X.690). */
final class Der {
  private Der() {}

  public static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  public static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  /** A context-specific constructed (explicit) tag {@code [n]}. */
  public static byte[] explicit(int n, byte[] content) {
    return tlv(0xa0 | n, content);
  }

  /** A context-specific primitive (implicit) tag {@code [n]}. */
  public static byte[] implicit(int n, byte[] content) {
    return tlv(0x80 | n, content);
  }

  public static byte[] integer(byte[] twosComplement) {
    return tlv(0x02, twosComplement);
  }

  public static byte[] octetString(byte[] content) {
    return tlv(0x04, content);
  }

  public static byte[] bitString(byte[] content) {
    byte[] b = new byte[content.length + 1];
    System.arraycopy(content, 0, b, 1, content.length);
    return tlv(0x03, b);
  }

  public static byte[] utf8String(String s) {
    return tlv(0x0c, s.getBytes(StandardCharsets.UTF_8));
  }

  /** GeneralizedTime, {@code YYYYMMDDHHMMSSZ}. */
  public static byte[] generalizedTime(String yyyymmddhhmmss) {
    return tlv(0x18, (yyyymmddhhmmss + "Z").getBytes(StandardCharsets.US_ASCII));
  }

  public static byte[] bool(boolean v) {
    return tlv(0x01, new byte[] {(byte) (v ? 0xff : 0)});
  }

  /** An OBJECT IDENTIFIER from its dotted form, {@code "2.5.4.3"}. */
  public static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return tlv(0x06, out.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long v) {
    int groups = 1;
    for (long t = v >>> 7; t != 0; t >>>= 7) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) (v >>> (7 * g)) & 0x7f;
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  static byte[] tlv(int tag, byte[] content) {
    int len = content.length;
    int lenBytes = len < 0x80 ? 0 : len < 0x100 ? 1 : len < 0x10000 ? 2 : 3;
    byte[] out = new byte[2 + lenBytes + len];
    out[0] = (byte) tag;
    if (lenBytes == 0) {
      out[1] = (byte) len;
    } else {
      out[1] = (byte) (0x80 | lenBytes);
      for (int i = 0; i < lenBytes; i++) {
        out[2 + i] = (byte) (len >>> (8 * (lenBytes - 1 - i)));
      }
    }
    System.arraycopy(content, 0, out, 2 + lenBytes, len);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
