package vn.soctinh.analyzer.parse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.function.Consumer;
import vn.soctinh.analyzer.decode.FormatSniffer;
import vn.soctinh.analyzer.decode.MessageFormat;
import vn.soctinh.analyzer.decode.Rfc3164Decoder;
import vn.soctinh.analyzer.decode.Rfc5424Decoder;
import vn.soctinh.analyzer.decode.SyslogDecodeResult;
import vn.soctinh.analyzer.decode.SyslogEcs;
import vn.soctinh.analyzer.decode.SyslogMessage;
import vn.soctinh.analyzer.decode.Utf8Text;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.collector.journal.RecordFlags;

/**
 * Raw record → ECS event(s): the one path that both the live pipeline and {@code soctinh parse}
 * take. Decode the header (RFC 5424, RFC 3164 or JSON; auto-detected or configured), then let a
 * content parser chosen by config, program name or sniffing fill the ECS fields.
 *
 * <p>Nothing is lost: every event keeps {@code event.original} (and, when the bytes were not
 * UTF-8, {@code event.original_base64}); a message no parser understood gets {@code error.message}
 * and the tag {@code _unparsed}, and is counted per agency in {@link ParseStats}. One instance per
 * thread (content parsers may keep state).
 */
public final class EventParser implements RecordParser {
  /** The tag of events no parser understood; they are stored and searchable, and counted. */
  public static final String UNPARSED = "_unparsed";
  /** {@code --stats} name for messages that reached no content parser at all. */
  public static final String NO_PARSER = "(none)";
  /** Content parsers that a CEF or LEEF format (detected or configured) selects. */
  static final String CEF_PARSER = "cef";
  static final String LEEF_PARSER = "leef";
  /** {@code --stats} name for NetFlow/IPFIX records. */
  public static final String NETFLOW = "netflow";
  private static final byte[] NO_BYTES = new byte[0];

  private final ParseSettings settings;
  private final ParserRegistry parsers;
  private final FlowPacketDecoder flows;
  private final ParseStats stats;
  private final Clock clock;
  private final Rfc5424Decoder rfc5424 = new Rfc5424Decoder();
  private final Rfc3164Decoder rfc3164 = new Rfc3164Decoder();

  public EventParser(ParseSettings settings, ParserRegistry parsers, FlowPacketDecoder flows, ParseStats stats, Clock clock) {
    this.settings = settings;
    this.parsers = parsers;
    this.flows = flows;
    this.stats = stats;
    this.clock = clock;
  }

  public ParseStats stats() {
    return stats;
  }

  /**
   * True when a record may legitimately produce no event now: a NetFlow/IPFIX datagram of
   * templates only, or data held until its template arrives. Every other record makes one event.
   */
  @Override
  public boolean mayEmitNothing(RawRecord raw) {
    return settings.format(raw.listener(), raw.agency()) == MessageFormat.NETFLOW;
  }

  /** Parses one record; emits one event, or one per flow for NetFlow/IPFIX. */
  @Override
  public void parse(RawRecord raw, Consumer<Event> out) {
    MessageFormat format = settings.format(raw.listener(), raw.agency());
    if (format == MessageFormat.NETFLOW) {
      if (flows == null) {
        Event e = base();
        e.put("message", "");
        unparsed(e, raw, "netflow", "no NetFlow/IPFIX decoder in this build");
        finish(e, raw, textOf(raw.payload()), false);
        out.accept(e);
        return;
      }
      // held flows may come out later: they keep the sender facts of their own datagram, not its payload
      RawRecord origin = raw.with().payload(NO_BYTES).build();
      flows.decode(raw.payload(), raw.peer(), raw.receivedAt(), origin, (flow, o) -> emitFlow(flow, o instanceof RawRecord r ? r : raw, out));
      return;
    }
    out.accept(parseOne(raw, format));
  }

  /** Emits what stateful decoders still hold (end of input, shutdown); {@code context} is used for events that lack their own. */
  public void flush(RawRecord context, Consumer<Event> out) {
    if (flows != null) flows.drain((flow, o) -> emitFlow(flow, o instanceof RawRecord r ? r : context, out));
  }

  private void emitFlow(Event flow, RawRecord raw, Consumer<Event> out) {
    if (raw != null) addRecordFields(flow, raw);
    boolean unparsed = flow.hasTag(UNPARSED);
    if (unparsed) stats.fellBack(NETFLOW, "base64:" + flow.getString("event.original"), flow.getString("error.message"));
    else stats.recognised(NETFLOW);
    if (raw != null) stats.event(raw.agency(), unparsed);
    out.accept(flow);
  }

  private Event parseOne(RawRecord raw, MessageFormat format) {
    byte[] b = raw.payload();
    boolean ascii = Utf8Text.isAscii(b, 0, b.length);
    String original = ascii ? Utf8Text.ascii(b, 0, b.length) : new String(b, StandardCharsets.UTF_8);
    Event e = base();
    ZoneId zone = settings.zone(raw.agency());
    if (format == MessageFormat.AUTO) format = FormatSniffer.sniff(b, 0, b.length);

    SyslogMessage header = null;
    String text;
    String headerError = null;
    String decoder;
    switch (format) {
      case JSON:
        decoder = "json";
        text = original.strip();
        break;
      case RFC5424: {
        decoder = "rfc5424";
        SyslogDecodeResult r = rfc5424.decode(b, 0, b.length);
        header = r.message();
        if (r instanceof SyslogDecodeResult.Invalid bad) headerError = "RFC 5424: " + bad.describe();
        text = header.message;
        break;
      }
      default: {
        decoder = "rfc3164";
        header = rfc3164.decode(b, 0, b.length, zone, raw.receivedAt()).message();
        text = header.message;
        break;
      }
    }
    if (header != null) SyslogEcs.map(header, e);
    if (headerError != null) {
      // The header broke the format: keep what was read, and do not guess at the content.
      stats.fellBack(decoder, original, headerError);
      unparsed(e, raw, decoder, headerError);
      finish(e, raw, original, ascii);
      return e;
    }
    stats.recognised(decoder);

    LogLine line = new LogLine(text, header == null ? null : header.appname, header, zone, raw.receivedAt());
    String reason = null;
    ContentParser chosen = null;
    String forced = settings.parser(raw.listener(), raw.agency());
    if (forced == null && format == MessageFormat.CEF) forced = CEF_PARSER;
    if (forced == null && format == MessageFormat.LEEF) forced = LEEF_PARSER;
    if (forced != null) chosen = parsers.named(forced);
    if (chosen == null) chosen = parsers.forProgram(line.program());
    if (chosen != null) {
      ParseOutcome o = chosen.parse(line, e);
      if (o instanceof ParseOutcome.Recognised) {
        stats.recognised(chosen.name());
        finish(e, raw, original, ascii);
        return e;
      }
      reason = chosen.name() + ": " + ((ParseOutcome.Unrecognised) o).reason();
    }
    ContentParser sniffed = parsers.sniff(line, chosen);
    if (sniffed != null) {
      ParseOutcome o = sniffed.parse(line, e);
      if (o instanceof ParseOutcome.Recognised) {
        if (chosen != null) stats.fellBack(chosen.name(), original, reason);
        stats.recognised(sniffed.name());
        finish(e, raw, original, ascii);
        return e;
      }
      if (reason == null) reason = sniffed.name() + ": " + ((ParseOutcome.Unrecognised) o).reason();
      if (chosen == null) chosen = sniffed;
    }
    if (reason == null) {
      String jsonError = format == MessageFormat.JSON ? line.jsonError() : null;
      reason = jsonError != null ? "invalid JSON: " + jsonError
          : "no parser for " + (line.program() == null ? "this message" : "program " + line.program());
    }
    String counted = chosen == null ? NO_PARSER : chosen.name();
    stats.fellBack(counted, original, reason);
    if (format == MessageFormat.JSON && !e.has("message")) e.put("message", text);
    unparsed(e, raw, counted, reason);
    finish(e, raw, original, ascii);
    return e;
  }

  /** What a content parser starts from; the record's facts come after it ({@link #finish}). */
  private static Event base() {
    return new Event(32).put("event.kind", "event");
  }

  /** The collector's facts: who sent it, on which listener, when, and what the framing did to it. */
  private void addRecordFields(Event e, RawRecord raw) {
    e.put("event.created", raw.receivedAt());
    e.put("event.ingested", Instant.now(clock));
    e.putNonEmpty("organization.id", raw.agency());
    e.putNonEmpty("organization.name", settings.agencyName(raw.agency()));
    e.putNonEmpty("labels.listener", raw.listener());
    e.putNonEmpty("labels.transport", raw.transport());
    if (raw.peer() != null && raw.peer().getAddress() != null) {
      e.put("log.source.address", raw.peer().getAddress().getHostAddress() + ":" + raw.peer().getPort());
    }
    e.putNonEmpty("tls.client.x509.subject.common_name", raw.tlsPeer());
    int f = raw.flags();
    if ((f & RecordFlags.TRUNCATED) != 0) e.addTag("_truncated");
    if ((f & RecordFlags.PARTIAL) != 0) e.addTag("_partial");
    if ((f & RecordFlags.UNASSIGNED) != 0) e.addTag("_unassigned");
  }

  private void unparsed(Event e, RawRecord raw, String parser, String reason) {
    e.put("error.message", reason);
    e.put("error.type", parser);
    e.addTag(UNPARSED);
    if (!e.has("event.dataset")) e.put("event.dataset", "soctinh.unparsed");
  }

  /**
   * After the content parser: what it wrote under a name only SOC Tỉnh sets is moved aside as the
   * sender's claim ({@link SenderClaims}), then the line as sent and the collector's facts are
   * written, so no content can stand in for them.
   */
  private void finish(Event e, RawRecord raw, String original, boolean ascii) {
    if (SenderClaims.confine(e) > 0) stats.claimed(raw.agency());
    EndpointAddresses.fill(e);
    e.put("event.original", original);
    byte[] b = raw.payload();
    if (!ascii && !Utf8Text.isValid(b, 0, b.length)) {
      e.put("event.original_base64", Base64.getEncoder().encodeToString(b));
    }
    addRecordFields(e, raw);
    if (!e.has("@timestamp")) e.put("@timestamp", raw.receivedAt());
    if (!e.has("message")) e.put("message", "");
    stats.event(raw.agency(), e.hasTag(UNPARSED));
  }

  /** event.original: the bytes as text, not normalised (message is NFC; the original stays as sent). */
  private static String textOf(byte[] b) {
    if (Utf8Text.isAscii(b, 0, b.length)) return Utf8Text.ascii(b, 0, b.length);
    return new String(b, StandardCharsets.UTF_8);
  }
}
