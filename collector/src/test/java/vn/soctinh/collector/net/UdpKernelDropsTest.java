package vn.soctinh.collector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UdpKernelDropsTest {
  @Test
  void dropsColumnIsSummedForTheSocketsOnThePort() {
    List<String> lines = List.of(
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
        " 1: 0100007F:158A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12345 2 0000000000000000 17",
        " 2: 00000000:158A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12346 2 0000000000000000 3",
        " 3: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12347 2 0000000000000000 99");
    assertEquals(20, UdpKernelDrops.forPort(lines, 5514));
    assertEquals(99, UdpKernelDrops.forPort(lines, 53));
    assertEquals(0, UdpKernelDrops.forPort(lines, 6514));
  }
}
