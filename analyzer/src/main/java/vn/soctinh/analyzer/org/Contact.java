package vn.soctinh.analyzer.org;

/** A person to call about an organisation or a system; any part may be null. */
public record Contact(String name, String position, String phone, String email) {}
