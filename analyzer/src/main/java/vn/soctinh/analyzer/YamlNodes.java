package vn.soctinh.analyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads a YAML data file (regulation pack, drill scenario) node by node, so that every problem
 * names {@code file:line:column}; problems are collected, not thrown one at a time, and the
 * caller refuses the file when there is any.
 */
public final class YamlNodes {
  public final String file;
  public final List<String> problems = new ArrayList<>();

  public YamlNodes(String file) {
    this.file = file;
  }

  /**
   * The document's root node, or null for an empty file: the one way every positioned YAML file is
   * read (configuration, organisations, regulation packs, drill scenarios). YAML 1.2's core schema (so
   * {@code yes}/{@code no} stay words); a syntax error is a {@link FileProblem} at the line and column
   * where the parser stopped, whether or not snakeyaml-engine marked it.
   */
  public static Node compose(String text, String file) throws FileProblem {
    LoadSettings settings = settings(file);
    StreamReader reader = new StreamReader(settings, withoutBom(text));
    try {
      return composer(settings, reader).getSingleNode().orElse(null);
    } catch (RuntimeException e) {
      throw problem(e, reader, file);
    }
  }

  /**
   * Each document of a multi-document file (Sigma rules and their correlations), in order, to
   * {@code each}; a syntax error stops the stream there (what follows cannot be trusted) as a
   * {@link FileProblem}, after the documents before it were handed over.
   */
  public static void composeEach(String text, String file, java.util.function.Consumer<Node> each) throws FileProblem {
    LoadSettings settings = settings(file);
    StreamReader reader = new StreamReader(settings, withoutBom(text));
    Composer c = composer(settings, reader);
    while (true) {
      Node doc;
      try {
        if (!c.hasNext()) return;
        doc = c.next();
      } catch (RuntimeException e) {
        throw problem(e, reader, file);
      }
      each.accept(doc);
    }
  }

  private static LoadSettings settings(String file) {
    return LoadSettings.builder().setLabel(file).setSchema(new org.snakeyaml.engine.v2.schema.CoreSchema()).build();
  }

  private static String withoutBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static Composer composer(LoadSettings settings, StreamReader reader) {
    return new Composer(settings, new ParserImpl(settings, new org.snakeyaml.engine.v2.scanner.ScannerImpl(settings, reader)));
  }

  private static FileProblem problem(RuntimeException thrown, StreamReader reader, String file) {
    try {
      throw thrown;
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
      return new FileProblem(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
          "YAML: " + (e.getContext() != null ? e.getContext() + ": " : "") + e.getProblem());
    } catch (RuntimeException e) {
      // snakeyaml-engine also throws unmarked exceptions (IllegalArgumentException for "!2%E"); the
      // reader still knows how far it got
      return new FileProblem(file, reader.getLine() + 1, reader.getColumn() + 1, "YAML: " + e.getMessage());
    }
  }

  public void problem(Node at, String message) {
    Mark m = at == null ? null : at.getStartMark().orElse(null);
    problems.add(file + ":" + (m == null ? 0 : m.getLine() + 1) + ":" + (m == null ? 0 : m.getColumn() + 1) + ": " + message);
  }

  /** The keys of a map node; an unknown key is a problem (a typo must not be ignored silently). */
  public Map<String, Node> map(Node n, Set<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (!(n instanceof MappingNode m)) {
      problem(n, what + ": expected a map");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      String k = scalar(t.getKeyNode());
      if (!allowed.contains(k)) problem(t.getKeyNode(), what + ": unknown key " + k + " (" + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      else out.put(k, t.getValueNode());
    }
    return out;
  }

  public List<Node> list(Node n, Node parent, String what) {
    if (n == null) return List.of();
    if (n instanceof SequenceNode s) return s.getValue();
    problem(n, what + ": expected a list");
    return List.of();
  }

  /** A required text. */
  public String text(Node n, Node parent, String what) {
    String v = scalar(n);
    if (v == null || v.isBlank()) {
      problem(n == null ? parent : n, what + " is missing");
      return null;
    }
    return v;
  }

  public int integer(Node n, int min, int max, int def) {
    if (n == null) return def;
    try {
      int v = Integer.parseInt(scalar(n));
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(n, "expected a whole number " + min + ".." + max + ", not " + scalar(n));
    return def;
  }

  public static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }
}
