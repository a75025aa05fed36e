package vn.soctinh.app.config;

import static vn.soctinh.app.config.Sizes.GIB;

import vn.soctinh.analyzer.decode.netflow.FlowSettings;

/**
 * The {@code flows:} section: limits of the NetFlow/IPFIX decoder (template cache and the data held
 * for templates not yet received).
 */
final class FlowsSection {
  private FlowsSection() {}

  static FlowSettings read(ConfigNode root) {
    ConfigNode n = root.section("flows");
    long timeout = n.duration("template_timeout_secs", FlowSettings.DEFAULT_TEMPLATE_TIMEOUT_SECS, 0, 7 * 86_400);
    int maxTemplates = n.intValue("max_templates", FlowSettings.DEFAULT_MAX_TEMPLATES, 1, 1_000_000);
    int maxExporters = n.intValue("max_exporters", FlowSettings.DEFAULT_MAX_EXPORTERS, 1, 100_000);
    long maxPending = n.size("max_pending_bytes", FlowSettings.DEFAULT_MAX_PENDING_BYTES, 0, GIB);
    long perTemplate = n.size("max_pending_bytes_per_template", FlowSettings.DEFAULT_MAX_PENDING_BYTES_PER_TEMPLATE, 0, GIB);
    if (perTemplate > maxPending) {
      n.error("max_pending_bytes_per_template", "must not be more than max_pending_bytes (" + Sizes.format(maxPending) + ") but was "
          + Sizes.format(perTemplate));
    }
    n.finish();
    return new FlowSettings(timeout, maxTemplates, maxExporters, maxPending, Math.min(perTemplate, maxPending));
  }
}
