package dev.qtalk.tck.qmux;

import java.util.HexFormat;
import java.util.List;

/** qmux messages that end a session with a protocol error on any byte stream (QTALK-WIRE.md §2.9). */
final class QmuxMalformed {
  private QmuxMalformed() {}

  static List<byte[]> messages() {
    HexFormat hex = HexFormat.of();
    return List.of(
        hex.parseHex("07000000000000000000"), // unknown message type 7
        hex.parseHex("ff00000000"), // unknown message type 255
        hex.parseHex("6800000000ffffffff"), // DATA of 4 GiB - 1: beyond any max packet size
        hex.parseHex("6800000000" + "00100001")); // DATA of 1 MiB + 1 bytes: beyond the 256 KiB max packet
  }
}
