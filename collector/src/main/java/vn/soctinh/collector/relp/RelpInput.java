package vn.soctinh.collector.relp;

/** What {@link RelpFrameDecoder} emits: a well-formed frame, or the reason the stream is not RELP. */
public sealed interface RelpInput permits RelpFrame, RelpInvalid {}
