package vn.soctinh.collector.journal;

/** How a record reached the collector. The code is stored in the journal: never renumber. */
public enum Transport {
  UDP(1), TCP(2), TLS(3), RELP(4), HTTP(5);

  private final byte code;

  Transport(int code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Transport ofCode(byte code) {
    for (Transport t : values()) {
      if (t.code == code) return t;
    }
    throw new IllegalArgumentException("unknown transport code " + code);
  }
}
