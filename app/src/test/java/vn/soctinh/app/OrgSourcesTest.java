package vn.soctinh.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.soctinh.app.config.ConfigLoader;
import vn.soctinh.collector.testing.Await;

/** Sources listed in the organisation file attribute senders in the collector, and an edit moves them without a restart. */
class OrgSourcesTest {
  @TempDir Path tmp;

  private static final String ORG = String.join("\n",
      "organizations:",
      "  - {id: tinh, name: Tỉnh Thử Nghiệm, kind: province}",
      "  - id: so-khcn",
      "    name: Sở Khoa học và Công nghệ",
      "    parent: tinh",
      "    sources: {cidrs: [%s]}",
      "  - id: so-tai-chinh",
      "    name: Sở Tài chính",
      "    parent: tinh",
      "    sources: {cidrs: [%s]}",
      "");

  private static long count(Path yml, String query) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = vn.soctinh.app.cli.Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute("search", "--config", yml.toString(), "--json", "--limit", "0", query), err.toString());
    String[] lines = out.toString().strip().split("\n");
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[lines.length - 1]).at("/summary/total").asLong();
  }

  private static void send(SocTinh app, int n, String tag) throws Exception {
    try (Socket s = new Socket("127.0.0.1", app.address("syslog_tcp").getPort())) {
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < n; i++) out.write(("<13>Dec  3 10:00:00 host-1 app: " + tag + " " + i + "\n").getBytes(UTF_8));
      out.flush();
    }
  }

  private static void waitStored(SocTinh app, long n) throws Exception {
    Await.until(Duration.ofSeconds(60), () -> app.pipeline().committedOffset() >= n, () -> "stored " + app.pipeline().committedOffset() + " of " + n);
    assertEquals(n, app.pipeline().committedOffset());
  }

  @Test
  void theOrganisationFilesSourcesAttributeSendersAndReload() throws Exception {
    Path data = tmp.resolve("data");
    Path org = Files.createDirectories(data.resolve("org")).resolve("directory.yml");
    Files.writeString(org, String.format(ORG, "127.0.0.1/32", "192.0.2.0/24"));
    Path yml = tmp.resolve("soctinh.yml");
    Files.writeString(yml, TestConfigs.loopbackYaml(data, "organizations:\n  reload_ms: 200\n"));
    try (SocTinh app = SocTinh.start(ConfigLoader.load(yml))) {
      send(app, 3, "first");
      waitStored(app, 3);
      // the sender moves to another agency in the file; the running collector follows within the reload period
      Files.writeString(org, String.format(ORG, "192.0.2.0/24", "127.0.0.1/32"));
      long stored = 3;
      long deadline = System.nanoTime() + 30_000_000_000L;
      boolean moved = false;
      while (!moved && System.nanoTime() < deadline) {
        send(app, 1, "probe");
        waitStored(app, ++stored);
        moved = count(yml, "organization.id:so-tai-chinh AND message:probe") > 0;
      }
      assertEquals(true, moved, "the edited file was applied to the collector");
      send(app, 2, "second");
      waitStored(app, stored + 2);
    }
    assertEquals(3, count(yml, "organization.id:so-khcn AND message:first"));
    assertEquals(3, count(yml, "organization.name:\"Sở Khoa học và Công nghệ\" AND message:first"));
    assertEquals(2, count(yml, "organization.id:so-tai-chinh AND message:second"));
  }
}
