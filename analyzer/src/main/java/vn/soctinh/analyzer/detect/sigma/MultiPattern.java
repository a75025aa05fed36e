package vn.soctinh.analyzer.detect.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick over many literal patterns: one pass over a text reports every pattern that occurs
 * in it, however many patterns there are. The rules' {@code contains} values of one field go into
 * one automaton, so a field is scanned once per event instead of once per value per rule.
 *
 * <p>Hand-written rather than taken from a library because the hot path must not allocate: a scan
 * marks the found pattern ids in the caller's array instead of building match objects.
 */
final class MultiPattern {
  /** Per state, its transitions: sorted characters and the states they lead to. */
  private final char[][] keys;
  private final int[][] targets;
  private final int[] fail;
  /** Per state, the pattern ids that end there, including those of its suffix states. */
  private final int[][] outputs;

  private MultiPattern(char[][] keys, int[][] targets, int[] fail, int[][] outputs) {
    this.keys = keys;
    this.targets = targets;
    this.fail = fail;
    this.outputs = outputs;
  }

  /** @param patterns non-empty strings; pattern {@code i} gets the id {@code ids[i]} */
  static MultiPattern build(List<String> patterns, int[] ids) {
    List<StringBuilder> keyB = new ArrayList<>();
    List<List<Integer>> targetB = new ArrayList<>();
    List<List<Integer>> outB = new ArrayList<>();
    keyB.add(new StringBuilder());
    targetB.add(new ArrayList<>());
    outB.add(new ArrayList<>());
    for (int p = 0; p < patterns.size(); p++) {
      String s = patterns.get(p);
      if (s.isEmpty()) throw new IllegalArgumentException("empty pattern");
      int state = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        int at = keyB.get(state).indexOf(String.valueOf(c));
        if (at >= 0) {
          state = targetB.get(state).get(at);
        } else {
          keyB.get(state).append(c);
          targetB.get(state).add(keyB.size());
          state = keyB.size();
          keyB.add(new StringBuilder());
          targetB.add(new ArrayList<>());
          outB.add(new ArrayList<>());
        }
      }
      outB.get(state).add(ids[p]);
    }
    int n = keyB.size();
    char[][] keys = new char[n][];
    int[][] targets = new int[n][];
    for (int s = 0; s < n; s++) {
      // sorted for binary search
      char[] k = keyB.get(s).toString().toCharArray();
      Integer[] order = new Integer[k.length];
      for (int i = 0; i < k.length; i++) order[i] = i;
      Arrays.sort(order, (a, b) -> Character.compare(k[a], k[b]));
      keys[s] = new char[k.length];
      targets[s] = new int[k.length];
      for (int i = 0; i < k.length; i++) {
        keys[s][i] = k[order[i]];
        targets[s][i] = targetB.get(s).get(order[i]);
      }
    }
    int[] fail = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int t : targets[0]) queue.add(t);
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int i = 0; i < keys[s].length; i++) {
        char c = keys[s][i];
        int child = targets[s][i];
        int f = fail[s];
        int next;
        while ((next = step(keys, targets, f, c)) < 0 && f != 0) f = fail[f];
        next = step(keys, targets, f, c);
        fail[child] = next >= 0 && next != child ? next : 0;
        outB.get(child).addAll(outB.get(fail[child]));
        queue.add(child);
      }
    }
    int[][] outputs = new int[n][];
    for (int s = 0; s < n; s++) outputs[s] = outB.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
    return new MultiPattern(keys, targets, fail, outputs);
  }

  private static int step(char[][] keys, int[][] targets, int state, char c) {
    int i = Arrays.binarySearch(keys[state], c);
    return i >= 0 ? targets[state][i] : -1;
  }

  /** Marks {@code found[id] = mark} for every pattern that occurs in {@code text}. */
  void scan(String text, int[] found, int mark) {
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int next;
      while ((next = step(keys, targets, state, c)) < 0 && state != 0) state = fail[state];
      state = next < 0 ? 0 : next;
      for (int id : outputs[state]) found[id] = mark;
    }
  }

  int states() {
    return keys.length;
  }
}
