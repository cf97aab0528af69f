package dev.qtalk.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * How one value becomes the bytes of a frame: JSON or CBOR, through Jackson. Nothing on the wire
 * says which codec a peer uses; both ends must agree (a {@link Server} works it out per call).
 *
 * <p>Decoding is tolerant of what the reference peers send: Go's trailing newline after JSON,
 * CBOR maps with non-preferred (16-bit) lengths, CBOR {@code undefined} (read as null) and unknown
 * or missing fields.
 *
 * @since 0.1
 */
public final class Codec {
  private static final Codec JSON = new Codec("json", jsonMapper(), true);
  private static final Codec JSON_COMPACT = new Codec("json", JSON.mapper, false);
  private static final Codec CBOR = new Codec("cbor", cborMapper(), false);

  private final String name;
  private final ObjectMapper mapper;
  private final boolean trailingNewline;

  private Codec(String name, ObjectMapper mapper, boolean trailingNewline) {
    this.name = name;
    this.mapper = mapper;
    this.trailingNewline = trailingNewline;
  }

  /** JSON as Go's {@code encoding/json} writes it: each value followed by {@code \n}. */
  public static Codec json() {
    return JSON;
  }

  /** JSON as JavaScript's {@code JSON.stringify} writes it: no trailing newline. */
  public static Codec jsonCompact() {
    return JSON_COMPACT;
  }

  /** CBOR (RFC 8949) with text map keys, as fxamacker/cbor and cbor-x write it. */
  public static Codec cbor() {
    return CBOR;
  }

  /**
   * The codec named {@code name}: {@code json}, {@code json-compact} or {@code cbor}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Codec named(String name) {
    return switch (Objects.requireNonNull(name, "name")) {
      case "json" -> JSON;
      case "json-compact" -> JSON_COMPACT;
      case "cbor" -> CBOR;
      default ->
          throw new IllegalArgumentException(
              "codec: " + name + " (expected: json, json-compact or cbor)");
    };
  }

  /** {@code json} or {@code cbor}. */
  public String name() {
    return name;
  }

  public boolean isJson() {
    return name.equals("json");
  }

  /** Whether each JSON value is followed by a newline (Go style). Always false for CBOR. */
  public boolean trailingNewline() {
    return trailingNewline;
  }

  /** The Jackson mapper behind this codec, for type conversions; do not reconfigure it. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Encodes one value (null included) as the body of a frame. */
  public byte[] encode(Object value) throws IOException {
    if (!isJson() && needsTree(value)) {
      // Jackson writes maps and beans as indefinite-length CBOR; through a tree they get the
      // definite (preferred) lengths that fxamacker/cbor and cbor-x write.
      value = mapper.valueToTree(value);
    }
    if (!trailingNewline) {
      return mapper.writeValueAsBytes(value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator g = mapper.createGenerator(out)) {
      mapper.writeValue(g, value);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Decodes a frame body into the codec's tree (a null value is a {@code NullNode}). */
  public JsonNode decodeTree(byte[] body) throws IOException {
    JsonNode node = mapper.readTree(body);
    if (node == null || node.isMissingNode()) {
      throw new RpcException("empty " + name + " frame (expected: one encoded value)");
    }
    return node;
  }

  /** Decodes a frame body as {@code type}. */
  public <T> T decode(byte[] body, Class<T> type) throws IOException {
    return mapper.readValue(body, type);
  }

  /** Decodes a frame body as {@code type}. */
  public <T> T decode(byte[] body, TypeReference<T> type) throws IOException {
    return mapper.readValue(body, type);
  }

  /** Decodes a frame body as {@code type}. */
  public <T> T decode(byte[] body, JavaType type) throws IOException {
    return mapper.readValue(body, type);
  }

  /** Converts a decoded tree to {@code type} (for values read before their type was known). */
  public <T> T convert(JsonNode tree, Type type) throws IOException {
    Objects.requireNonNull(type, "type");
    try {
      return mapper.treeToValue(tree, mapper.constructType(type));
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot convert " + tree.getNodeType() + " to " + type.getTypeName(), e);
    }
  }

  @Override
  public String toString() {
    return trailingNewline || !isJson() ? name : "json-compact";
  }

  private static boolean needsTree(Object value) {
    return !(value == null
        || value instanceof JsonNode
        || value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof byte[]
        || value.getClass().isArray() && value.getClass().getComponentType().isPrimitive());
  }

  private static ObjectMapper jsonMapper() {
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  private static ObjectMapper cborMapper() {
    return CBORMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
