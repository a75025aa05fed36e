package vn.soctinh.analyzer.decode.netflow;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import vn.soctinh.analyzer.event.Event;
import vn.soctinh.analyzer.parse.EventParser;
import vn.soctinh.analyzer.parse.FlowPacketDecoder;

/**
 * NetFlow v5, v9 (RFC 3954) and IPFIX (RFC 7011) datagrams → one ECS event per flow or options
 * record. Dispatches on the version field to {@link NetflowV5Reader}, {@link NetflowV9Reader} and
 * {@link IpfixReader}; keeps the templates they announce ({@link TemplateCache}) and holds data
 * whose template has not arrived yet ({@link PendingSets}), both bounded by {@link FlowSettings}.
 *
 * <p>Nothing is dropped silently: a packet, set or record that breaks its format becomes one
 * {@code _unparsed} event with the bytes in base64 and what was wrong at which byte; held data
 * given up on becomes one {@code _unparsed} event per set naming the missing template. Every case
 * is counted ({@link #counters()}). It never throws on input, does no I/O, and is used by one
 * thread at a time.
 */
public final class FlowDecoder implements FlowPacketDecoder {
  private final InformationElements table = InformationElements.standard();
  private final FlowCounters counters = new FlowCounters();
  private final FlowSettings settings;
  private final TemplateCache templates;
  private final PendingSets pending;
  private final FlowRecordReader records = new FlowRecordReader(table);
  private final NetflowV5Reader v5 = new NetflowV5Reader(table);
  private final NetflowV9Reader v9 = new NetflowV9Reader(table);
  private final IpfixReader ipfix = new IpfixReader(table);
  /** Where the events of the packet being decoded go (set for the duration of decode and flush). */
  private BiConsumer<Event, Object> sink;

  public FlowDecoder(FlowSettings settings) {
    this.settings = settings;
    this.templates = new TemplateCache(settings.templateTimeoutSecs(), settings.maxTemplates(), settings.maxExporters(), counters);
    this.pending = new PendingSets(settings.maxPendingBytes(), settings.maxPendingBytesPerTemplate(), settings.templateTimeoutSecs());
  }

  public FlowDecoder() {
    this(FlowSettings.defaults());
  }

  @Override
  public void decode(byte[] packet, InetSocketAddress exporter, Instant receivedAt, Object origin, BiConsumer<Event, Object> out) {
    sink = out;
    try {
      counters.packets.increment();
      templates.expire(receivedAt);
      pending.expire(receivedAt, this::release);
      int version = packet.length < 2 ? -1 : BigEndian.u16(packet, 0);
      try {
        switch (version) {
          case 5 -> v5.read(packet, exporter, receivedAt, origin, this);
          case 9 -> v9.read(packet, exporter, receivedAt, origin, this);
          case 10 -> ipfix.read(packet, exporter, receivedAt, origin, this);
          default -> broken(new FlowContext(exporter, receivedAt, Math.max(version, 0), receivedAt.toEpochMilli(), -1, 0, origin), packet, 0,
              packet.length, version < 0 ? "the packet has " + packet.length + " bytes, too few for a version number"
                  : "version " + version + " at byte 0 is not NetFlow v5, v9 or IPFIX (10)");
        }
      } catch (RuntimeException bug) {
        // a bug of ours, not the exporter's: keep the packet and say so rather than lose the pipeline
        broken(new FlowContext(exporter, receivedAt, Math.max(version, 0), receivedAt.toEpochMilli(), -1, 0, origin), packet, 0, packet.length,
            "decoder error: " + bug);
      }
    } finally {
      sink = null;
    }
  }

  @Override
  public void drain(BiConsumer<Event, Object> out) {
    sink = out;
    try {
      pending.drain(this::release);
    } finally {
      sink = null;
    }
  }

  public FlowCounters counters() {
    return counters;
  }

  public FlowSettings settings() {
    return settings;
  }

  /** Templates kept now (at most max_templates). */
  public int templateCount() {
    return templates.size();
  }

  /** Exporters whose templates are kept now (at most max_exporters). */
  public int exporterCount() {
    return templates.exporters();
  }

  /** Bytes held for unknown templates now, bookkeeping included (at most max_pending_bytes). */
  public long pendingBytes() {
    return pending.bytes();
  }

  /** Data sets held for unknown templates now. */
  public int pendingSets() {
    return pending.sets();
  }

  // ---- called by the readers

  void heardFrom(FlowContext ctx) {
    templates.heardFrom(ctx.exporter == null ? null : ctx.exporter.getAddress());
  }

  /** Learns a template and reads the data held for it; returns why it was refused, or null. */
  String template(FlowContext ctx, Template t, int offset) {
    if (t.minRecordLength == 0) return "template " + t.id + " at byte " + offset + " describes records of 0 bytes";
    counters.templates.increment();
    TemplateKey key = ctx.key(t.id);
    templates.put(key, t, ctx.receivedAt);
    for (PendingSets.Held h : pending.take(key)) {
      counters.pendingDecoded.increment();
      readData(h.context, t, h.set, 0, h.set.length);
    }
    return null;
  }

  void withdraw(FlowContext ctx, int templateId) {
    templates.withdraw(ctx.key(templateId));
    counters.templatesWithdrawn.increment();
  }

  void withdrawAll(FlowContext ctx, boolean options) {
    int n = templates.withdrawAll(ctx.exporter == null ? null : ctx.exporter.getAddress(), ctx.version, ctx.domain, options);
    counters.templatesWithdrawn.add(n);
  }

  /** A data set (header included, from {@code from} to {@code to}): read now, or held for its template. */
  void dataSet(FlowContext ctx, int templateId, byte[] b, int from, int to) {
    TemplateKey key = ctx.key(templateId);
    Template t = templates.get(key, ctx.receivedAt);
    if (t != null) {
      readData(ctx, t, b, from, to);
      return;
    }
    counters.pendingHeld.increment();
    pending.hold(new PendingSets.Held(key, Arrays.copyOfRange(b, from, to), ctx), this::release);
  }

  /** Records with a fixed template (v5), each event first given the header's own fields. */
  void fixedRecords(FlowContext ctx, Template t, byte[] b, int from, int to, Consumer<Event> decorate) {
    FlowRecordReader.Problem p = records.readSet(b, from, to, t, ctx, null, e -> {
      decorate.accept(e);
      emit(e, t, ctx);
    });
    if (p != null) broken(ctx, b, p.offset(), to, p.message());
  }

  /** One _unparsed event for bytes that break the format, with what is wrong and where. */
  void broken(FlowContext ctx, byte[] b, int from, int to, String message) {
    counters.malformed.increment();
    unparsed(ctx, b, from, to, message);
  }

  // ----

  private void readData(FlowContext ctx, Template t, byte[] b, int from, int to) {
    Instant init = ctx.version == 10 ? templates.systemInit(ctx.exporter == null ? null : ctx.exporter.getAddress(), ctx.domain) : null;
    FlowRecordReader.Problem p = records.readSet(b, from + 4, to, t, ctx, init, e -> emit(e, t, ctx));
    if (p != null) broken(ctx, b, p.offset(), to, (ctx.version == 10 ? "IPFIX: " : "NetFlow v9: ") + p.message());
  }

  private void emit(Event e, Template t, FlowContext ctx) {
    if (t.options) {
      counters.optionsRecords.increment();
      Instant init = e.getInstant("netflow.system_init_time_milliseconds");
      if (init != null) templates.systemInit(ctx.exporter == null ? null : ctx.exporter.getAddress(), ctx.domain, init);
    } else {
      counters.flows.increment();
    }
    sink.accept(e, ctx.origin);
  }

  private void release(PendingSets.Held h, String why) {
    counters.pendingReleased.increment();
    FlowContext c = h.context;
    unparsed(c, h.set, 0, h.set.length,
        "template " + h.key.templateId() + " of exporter " + c.exporterName() + " domain " + c.domain + " unknown (" + why + ")");
  }

  private void unparsed(FlowContext ctx, byte[] b, int from, int to, String message) {
    Event e = new Event(16);
    e.put("@timestamp", ctx.receivedAt);
    e.put("event.kind", "event");
    e.put("event.dataset", "soctinh.unparsed");
    if (ctx.observerIp != null) e.put("observer.ip", ctx.observerIp);
    if (ctx.exporterAddress != null) e.put("netflow.exporter.address", ctx.exporterAddress);
    if (ctx.version > 0) e.put("netflow.exporter.version", (long) ctx.version);
    e.put("error.type", "netflow");
    e.put("error.message", message);
    e.put("event.original", Base64.getEncoder().encodeToString(Arrays.copyOfRange(b, from, to)));
    e.addTag(EventParser.UNPARSED);
    sink.accept(e, ctx.origin);
  }
}
