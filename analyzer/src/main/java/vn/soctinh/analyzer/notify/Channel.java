package vn.soctinh.analyzer.notify;

/** Where notifications go: one attempt at a time; {@link Notifier} retries and keeps what never got through. */
public interface Channel {
  /** A short name for logs and the dead-letter file, e.g. {@code mail:soc@…} or {@code webhook:https://…}. */
  String name();

  /** Delivers once; throws with the reason when it did not. */
  void deliver(Notification n, String subject, String body) throws Exception;
}
