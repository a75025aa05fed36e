package vn.soctinh.collector.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an HTTP intake body into messages without interpreting them: a JSON array gives one message
 * per element (its exact bytes), NDJSON one per non-empty line. Framing only; the analyzer parses.
 */
public final class JsonArraySplitter {
  /** Byte range of one message in the body. */
  public record Slice(int offset, int length) {}

  /** Thrown when a JSON array body is not valid JSON; says where. */
  public static final class InvalidBody extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidBody(String message) {
      super(message);
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  private JsonArraySplitter() {}

  /** Elements of a JSON array (or a single JSON object/value as one message). */
  public static List<Slice> jsonArray(byte[] body) throws InvalidBody {
    List<Slice> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) return out;
      if (t != JsonToken.START_ARRAY) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        p.finishToken(); // a string token is read lazily: finish it so the location is its end
        out.add(new Slice(start, (int) p.currentLocation().getByteOffset() - start));
        if (p.nextToken() != null) throw new InvalidBody("unexpected data after the JSON value at byte " + p.currentTokenLocation().getByteOffset());
        return out;
      }
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) throw new InvalidBody("the JSON array is not closed");
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        p.finishToken(); // a string token is read lazily: finish it so the location is its end
        int end = (int) p.currentLocation().getByteOffset();
        out.add(new Slice(start, end - start));
      }
      if (p.nextToken() != null) throw new InvalidBody("unexpected data after the JSON array at byte " + p.currentTokenLocation().getByteOffset());
      return out;
    } catch (JsonParseException e) {
      throw new InvalidBody("invalid JSON at byte " + e.getLocation().getByteOffset() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidBody("invalid JSON: " + e.getMessage());
    }
  }

  /** Non-empty lines (LF separated, a trailing CR removed). Lines are not validated here. */
  public static List<Slice> ndjson(byte[] body) {
    List<Slice> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i;
        if (end > start && body[end - 1] == '\r') end--;
        if (end > start && !blank(body, start, end)) out.add(new Slice(start, end - start));
        start = i + 1;
      }
    }
    return out;
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t') return false;
    }
    return true;
  }
}
