package dev.qtalk.rpc.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.RpcException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The call and reply headers in both dialects. They are written field by field so the bytes match
 * the reference peers': definite-length maps, keys in the reference order, and a null error
 * omitted only where JavaScript omits it (compact JSON).
 */
public final class Headers {
  private Headers() {}

  /**
   * A decoded call header, with what the call's bytes said about the caller; {@code timeoutMillis}
   * is the caller's deadline as milliseconds left when it sent the call, or -1 when it sent none.
   */
  public record IncomingCall(String selector, Dialect dialect, Codec codec, long timeoutMillis) {
    public IncomingCall(String selector, Dialect dialect, Codec codec) {
      this(selector, dialect, codec, -1);
    }
  }

  /** A decoded reply header: {@code error} is null when the call succeeded. */
  public record Reply(String error, boolean continued) {}

  public static byte[] encodeCall(Codec codec, Dialect dialect, String selector) throws IOException {
    return encodeCall(codec, dialect, selector, -1);
  }

  /** A call header; with {@code timeoutMillis >= 0}, also the deadline field after the selector. */
  public static byte[] encodeCall(Codec codec, Dialect dialect, String selector, long timeoutMillis)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject(null, timeoutMillis < 0 ? 1 : 2);
      g.writeStringField(dialect.selectorField(), selector);
      if (timeoutMillis >= 0) {
        g.writeNumberField(dialect.timeoutField(), timeoutMillis);
      }
      g.writeEndObject();
    }
    return finish(codec, out);
  }

  public static byte[] encodeReply(Codec codec, Dialect dialect, String error, boolean continued)
      throws IOException {
    boolean omitNullError = codec.isJson() && !codec.trailingNewline();
    boolean writeError = error != null || !omitNullError;
    ByteArrayOutputStream out = new ByteArrayOutputStream(40);
    try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject(null, writeError ? 2 : 1);
      if (writeError) {
        g.writeFieldName(dialect.errorField());
        if (error == null) {
          g.writeNull();
        } else {
          g.writeString(error);
        }
      }
      g.writeBooleanField(dialect.continueField(), continued);
      g.writeEndObject();
    }
    return finish(codec, out);
  }

  /**
   * Works out the codec from the first byte (a JSON object starts with {@code {}, a CBOR map with
   * major type 5), then decodes the selector in either dialect.
   */
  public static IncomingCall decodeCall(byte[] body, Dialect fallback) throws IOException {
    Codec codec = detect(body);
    JsonNode header = codec.decodeTree(body);
    if (!header.isObject()) {
      throw new RpcException("call header: " + header.getNodeType() + " (expected: a map)");
    }
    JsonNode qtalk = header.get(Dialect.QTALK.selectorField());
    if (qtalk != null && qtalk.isTextual()) {
      return new IncomingCall(qtalk.asText(), Dialect.QTALK, codec, timeout(header, Dialect.QTALK));
    }
    JsonNode duplex = header.get(Dialect.DUPLEX.selectorField());
    if (duplex != null && duplex.isTextual()) {
      return new IncomingCall(duplex.asText(), Dialect.DUPLEX, codec, timeout(header, Dialect.DUPLEX));
    }
    return new IncomingCall("", fallback, codec, timeout(header, fallback));
  }

  /** The deadline field, or -1 when absent or not a non-negative integer (it is only advice). */
  private static long timeout(JsonNode header, Dialect dialect) {
    JsonNode t = header.get(dialect.timeoutField());
    return t != null && t.canConvertToLong() && t.isIntegralNumber() && t.asLong() >= 0 ? t.asLong() : -1;
  }

  /** Decodes a reply header in either dialect; missing fields read as no error and no continue. */
  public static Reply decodeReply(Codec codec, byte[] body) throws IOException {
    JsonNode header = codec.decodeTree(body);
    if (!header.isObject()) {
      throw new RpcException("reply header: " + header.getNodeType() + " (expected: a map)");
    }
    String error = text(header, Dialect.QTALK.errorField());
    if (error == null) {
      error = text(header, Dialect.DUPLEX.errorField());
    }
    boolean continued =
        header.path(Dialect.QTALK.continueField()).asBoolean(false)
            || header.path(Dialect.DUPLEX.continueField()).asBoolean(false);
    return new Reply(error, continued);
  }

  /** The codec a call header was written with. */
  public static Codec detect(byte[] body) throws RpcException {
    int i = 0;
    while (i < body.length && isJsonSpace(body[i])) {
      i++;
    }
    if (i < body.length && body[i] == '{') {
      return body[body.length - 1] == '\n' ? Codec.json() : Codec.jsonCompact();
    }
    if (body.length > 0 && (body[0] & 0xe0) == 0xa0) {
      return Codec.cbor();
    }
    throw new RpcException(
        "call header: starts with "
            + (body.length == 0 ? "nothing" : String.format("0x%02x", body[0] & 0xff))
            + " (expected: a JSON object '{' or a CBOR map 0xa0-0xbf)");
  }

  private static String text(JsonNode header, String field) {
    JsonNode v = header.get(field);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static byte[] finish(Codec codec, ByteArrayOutputStream out) {
    if (codec.trailingNewline()) {
      out.write('\n');
    }
    return out.toByteArray();
  }
}
