package vn.soctinh.analyzer.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {

  @Test
  void putReplacesAndKeepsInsertionOrder() {
    Event e = new Event(4).put("a", "1").put("b", "2").put("a", "3");
    assertEquals(List.of("a", "b"), List.copyOf(e.toMap().keySet()));
    assertEquals("3", e.get("a"));
    assertEquals(2, e.size());
  }

  @Test
  void growsPastItsInitialCapacity() {
    Event e = new Event(4);
    for (int i = 0; i < 100; i++) e.put("f" + i, i);
    assertEquals(100, e.size());
    assertEquals(57L, e.get("f57"));
  }

  @Test
  void integersAreWidenedSoAFieldHasOneType() {
    Event e = new Event().put("n", 5).put("s", (short) 2).put("f", 1.5f);
    assertEquals(5L, e.get("n"));
    assertEquals(2L, e.get("s"));
    assertEquals(1.5, e.get("f"));
  }

  @Test
  void nullRemovesAndEmptyStringsAreSkippedByPutNonEmpty() {
    Event e = new Event().put("a", "x").put("a", null).putNonEmpty("b", "").putNonEmpty("c", null);
    assertFalse(e.has("a"));
    assertFalse(e.has("b"));
    assertFalse(e.has("c"));
  }

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    Event e = new Event().putIfAbsent("a", "1").putIfAbsent("a", "2");
    assertEquals("1", e.get("a"));
  }

  @Test
  void removeShiftsTheRest() {
    Event e = new Event().put("a", 1).put("b", 2).put("c", 3);
    assertEquals(2L, e.remove("b"));
    assertEquals(List.of("a", "c"), List.copyOf(e.toMap().keySet()));
    assertNull(e.remove("zz"));
  }

  @Test
  void typedGetters() {
    Event e = new Event().put("n", 7).put("t", "12").put("x", "abc");
    assertEquals(7L, e.getLong("n"));
    assertEquals(12L, e.getLong("t"));
    assertNull(e.getLong("x"));
    assertEquals("7", e.getString("n"));
  }

  @Test
  void tagsAreASetInOrder() {
    Event e = new Event().addTag("b").addTag("a").addTag("b");
    assertEquals(List.of("b", "a"), e.tags());
    assertTrue(e.hasTag("a"));
  }

  @Test
  void unsupportedValueTypesAreRefusedWithTheFieldName() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Event().put("odd", new Object()));
    assertTrue(ex.getMessage().startsWith("field odd: unsupported value type"));
  }

  @Test
  void copyIsIndependent() {
    Event e = new Event().put("a", 1).addTag("t");
    Event c = e.copy().put("b", 2).addTag("u");
    assertFalse(e.has("b"));
    assertFalse(e.hasTag("u"));
    assertEquals(1L, c.get("a"));
  }

  @Test
  void fieldsCanBeReadAndReplacedByIndexInInsertionOrder() {
    Event e = new Event().put("a", "x").put("b", 2).put("c", "z");
    assertEquals("b", e.name(1));
    assertEquals(2L, e.value(1));
    e.set(1, 7);
    assertEquals(7L, e.get("b"), "widened as by put");
    assertEquals(List.of("a", "b", "c"), List.copyOf(e.toMap().keySet()), "kept its place");
    assertThrows(IndexOutOfBoundsException.class, () -> e.name(3));
    assertThrows(IndexOutOfBoundsException.class, () -> e.set(3, "v"));
    assertThrows(NullPointerException.class, () -> e.set(0, null));
  }

  @Test
  void removeIfKeepsTheOrderOfTheRestAndTheirLookups() {
    Event e = new Event(4);
    for (int i = 0; i < 10; i++) e.put("f" + i, (long) i);
    assertEquals(5, e.removeIf((name, value) -> (Long) value % 2 == 0));
    assertEquals(List.of("f1", "f3", "f5", "f7", "f9"), List.copyOf(e.toMap().keySet()));
    assertEquals(7L, e.get("f7"));
    assertFalse(e.has("f4"));
    e.put("f4", "back");
    assertEquals("f4", e.name(5));
    assertEquals(0, e.removeIf((name, value) -> false));
  }
  @Test
  void lookUpsAgreeWithAMapThroughPutsRemovalsAndCopies() {
    // small and large events alike: past eight fields the event keeps a hash index
    long seed = vn.soctinh.collector.testing.TestSeed.seed();
    java.util.Random r = vn.soctinh.collector.testing.TestSeed.random();
    for (int round = 0; round < 200; round++) {
      Event e = new Event(4);
      java.util.Map<String, Object> ref = new java.util.LinkedHashMap<>();
      int names = 1 + r.nextInt(80);
      for (int step = 0; step < 300; step++) {
        // new String: a look-up by an equal name that is not the same instance
        String n = new String("f." + r.nextInt(names));
        switch (r.nextInt(6)) {
          case 0, 1, 2 -> {
            long v = r.nextInt(1000);
            e.put(n, v);
            ref.put(n, v);
          }
          case 3 -> assertEquals(ref.remove(n), e.remove(n), "seed " + seed + " " + vn.soctinh.collector.testing.TestSeed.rerun());
          case 4 -> {
            int mod = 2 + r.nextInt(5);
            e.removeIf((k, v) -> ((Long) v) % mod == 0);
            ref.values().removeIf(v -> ((Long) v) % mod == 0);
          }
          default -> e = e.copy();
        }
        assertEquals(ref.size(), e.size(), "seed " + seed);
        for (int k = 0; k < names; k++) assertEquals(ref.get("f." + k), e.get("f." + k), "seed " + seed + " f." + k);
      }
      assertEquals(new java.util.ArrayList<>(ref.keySet()), java.util.stream.IntStream.range(0, e.size()).mapToObj(e::name).toList(), "order, seed " + seed);
    }
  }
}
