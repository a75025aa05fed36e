package vn.soctinh.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A vendor key's field name is built once and reused; made-up keys cannot grow the cache past its bound. */
class VendorFieldsTest {
  @Test
  void aKeysNameIsTheSameStringEachTimeAndTheCacheStaysBounded() {
    VendorFields f = new VendorFields("auditd.log.");
    String first = f.of("syscall");
    assertEquals("auditd.log.syscall", first);
    assertSame(first, f.of(new String("syscall")), "the cached name, not a new one");
    for (int i = 0; i < VendorFields.MAX_KEYS * 2; i++) assertEquals("auditd.log.k" + i, f.of("k" + i));
    assertEquals(VendorFields.MAX_KEYS, f.size(), "a flood of keys a sender makes up stops at the bound");
  }
}
