package vn.soctinh.app.forwarders;

/** A forwarder config in {@code deploy/forwarders} and how it puts messages on the wire. */
public interface ForwarderTemplate {

  /** The file name in {@code deploy/forwarders}. */
  String fileName();

  Wire wire();

  /** "rsyslog" or "syslog-ng". */
  String daemon();
}
