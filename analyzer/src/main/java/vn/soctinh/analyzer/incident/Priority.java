package vn.soctinh.analyzer.incident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alert priority, P1 (most urgent) to P4: a table of rule level × the security level (1–5) of the
 * system the alert concerns, then raised by {@code iocRaise} steps when the event matched a threat
 * indicator. An alert about no known system counts as a system of {@code unknownLevel}. A drill
 * alert gets the same priority (the drill is scored on it) but is marked, so it pages no one.
 *
 * <p>The default table, from DOMAIN.md ("same rule, higher level → higher priority"):
 *
 * <pre>
 *                 level 1  2  3  4  5
 *   critical          P2 P2 P1 P1 P1
 *   high              P3 P3 P2 P1 P1
 *   medium            P4 P4 P3 P2 P2
 *   low               P4 P4 P4 P3 P3
 *   informational     P4 P4 P4 P4 P4
 * </pre>
 */
public record Priority(Map<String, int[]> matrix, int iocRaise, int unknownLevel) {
  public static final List<String> RULE_LEVELS = List.of("critical", "high", "medium", "low", "informational");

  public Priority {
    for (String l : RULE_LEVELS) {
      int[] row = matrix.get(l);
      if (row == null || row.length != 5) throw new IllegalArgumentException("priority.matrix." + l + " needs 5 priorities, one per security level 1..5");
      for (int p : row) if (p < 1 || p > 4) throw new IllegalArgumentException("priority.matrix." + l + ": priorities are P1..P4");
    }
    if (iocRaise < 0 || iocRaise > 3) throw new IllegalArgumentException("priority.ioc_raise must be 0..3");
    if (unknownLevel < 1 || unknownLevel > 5) throw new IllegalArgumentException("priority.unknown_system_level must be 1..5");
  }

  public static Priority defaults() {
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("critical", new int[] {2, 2, 1, 1, 1});
    m.put("high", new int[] {3, 3, 2, 1, 1});
    m.put("medium", new int[] {4, 4, 3, 2, 2});
    m.put("low", new int[] {4, 4, 4, 3, 3});
    m.put("informational", new int[] {4, 4, 4, 4, 4});
    return new Priority(m, 1, 2);
  }

  /**
   * @param ruleLevel the Sigma level (unknown levels count as medium)
   * @param securityLevel the system's level, or null when the alert concerns no known system
   * @return 1..4
   */
  public int of(String ruleLevel, Integer securityLevel, boolean iocHit) {
    int[] row = matrix.get(ruleLevel == null ? "medium" : ruleLevel);
    if (row == null) row = matrix.get("medium");
    int level = securityLevel == null || securityLevel < 1 || securityLevel > 5 ? unknownLevel : securityLevel;
    int p = row[level - 1];
    if (iocHit) p = Math.max(1, p - iocRaise);
    return p;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Priority p) || p.iocRaise != iocRaise || p.unknownLevel != unknownLevel || !p.matrix.keySet().equals(matrix.keySet())) return false;
    for (String k : matrix.keySet()) if (!java.util.Arrays.equals(matrix.get(k), p.matrix.get(k))) return false;
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * iocRaise + unknownLevel;
    for (Map.Entry<String, int[]> e : matrix.entrySet()) h = 31 * h + e.getKey().hashCode() + java.util.Arrays.hashCode(e.getValue());
    return h;
  }

  /** "P1" … "P4". */
  public static String label(int p) {
    return "P" + p;
  }

  /** "P2" → 2. */
  public static int parse(String label) {
    if (label != null && label.length() == 2 && (label.charAt(0) == 'P' || label.charAt(0) == 'p') && label.charAt(1) >= '1' && label.charAt(1) <= '4') {
      return label.charAt(1) - '0';
    }
    throw new IllegalArgumentException("a priority is P1, P2, P3 or P4, not " + label);
  }
}
