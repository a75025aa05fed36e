package vn.soctinh.analyzer.parse;

import java.util.ArrayList;
import java.util.List;
import vn.soctinh.analyzer.decode.netflow.FlowDecoder;
import vn.soctinh.analyzer.decode.netflow.FlowSettings;
import vn.soctinh.analyzer.parse.json.GenericJsonParser;

/**
 * The content parsers SOC Tỉnh ships, in sniffing order: specific formats before general ones.
 * Each call makes fresh instances, since parsers may keep per-pipeline state.
 */
public final class StandardParsers {
  private StandardParsers() {}

  public static List<ContentParser> create() {
    List<ContentParser> list = new ArrayList<>();
    // Specific parsers first (each added by its package).
    list.add(new vn.soctinh.analyzer.parse.linux.SshdParser());
    list.add(new vn.soctinh.analyzer.parse.linux.SudoParser());
    list.add(new vn.soctinh.analyzer.parse.linux.SuParser());
    list.add(new vn.soctinh.analyzer.parse.linux.UserAccountParser());
    list.add(new vn.soctinh.analyzer.parse.linux.CronParser());
    list.add(new vn.soctinh.analyzer.parse.linux.FtpdParser());
    // mail, DNS, Samba (issue #18 breadth)
    list.add(new vn.soctinh.analyzer.parse.mail.PostfixParser());
    list.add(new vn.soctinh.analyzer.parse.mail.DovecotParser());
    list.add(new vn.soctinh.analyzer.parse.mail.EximParser());
    list.add(new vn.soctinh.analyzer.parse.dns.NamedParser());
    list.add(new vn.soctinh.analyzer.parse.dns.DnsmasqParser());
    list.add(new vn.soctinh.analyzer.parse.linux.SambaParser());
    list.add(new vn.soctinh.analyzer.parse.linux.ServiceMessagesParser());
    list.add(new vn.soctinh.analyzer.parse.linux.PamParser());
    list.add(new vn.soctinh.analyzer.parse.auditd.AuditdParser());
    list.add(new vn.soctinh.analyzer.parse.firewall.NetfilterLogParser());
    list.add(new vn.soctinh.analyzer.parse.web.AccessLogParser());
    list.add(new vn.soctinh.analyzer.parse.web.ErrorLogParser());
    list.add(new vn.soctinh.analyzer.parse.suricata.SuricataEveParser());
    list.add(new vn.soctinh.analyzer.parse.windows.WindowsEventParser());
    list.add(new vn.soctinh.analyzer.parse.cef.CefParser());
    list.add(new vn.soctinh.analyzer.parse.cef.LeefParser());
    list.add(new vn.soctinh.analyzer.parse.network.FortigateParser());
    list.add(new vn.soctinh.analyzer.parse.network.CiscoAsaParser());
    list.add(new vn.soctinh.analyzer.parse.network.PfsenseFilterlogParser());
    list.add(new vn.soctinh.analyzer.parse.network.PfsenseWebGuiParser());
    list.add(new vn.soctinh.analyzer.parse.web.HaproxyParser());
    list.add(new vn.soctinh.analyzer.parse.web.SquidParser());
    list.add(new vn.soctinh.analyzer.parse.dns.UnboundParser());
    list.add(new vn.soctinh.analyzer.parse.network.OpenVpnParser());
    list.add(new vn.soctinh.analyzer.parse.network.StrongswanParser());
    // network gear and IDS (issue #18 breadth)
    list.add(new vn.soctinh.analyzer.parse.network.CiscoIosParser());
    list.add(new vn.soctinh.analyzer.parse.network.JuniperParser());
    list.add(new vn.soctinh.analyzer.parse.network.SnortParser());
    list.add(new vn.soctinh.analyzer.parse.linux.FirewalldParser());
    // The catch-all for JSON documents comes last.
    list.add(new GenericJsonParser());
    return list;
  }

  /** The NetFlow/IPFIX decoder, with the default limits, for listeners whose format is netflow. */
  public static FlowPacketDecoder flowDecoder() {
    return new FlowDecoder(FlowSettings.defaults());
  }

  public static ParserRegistry registry() {
    return new ParserRegistry(create());
  }

  /** The NetFlow v5/v9/IPFIX decoder for records whose format is netflow; one per pipeline thread (it keeps templates). */
  public static FlowPacketDecoder flowDecoder(FlowSettings settings) {
    return new FlowDecoder(settings);
  }
}
