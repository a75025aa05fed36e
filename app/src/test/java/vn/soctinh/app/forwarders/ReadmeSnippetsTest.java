package vn.soctinh.app.forwarders;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The forwarder snippets in README.md are the tested configurations, letter for letter. */
class ReadmeSnippetsTest {
  static String sectionB(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("---- B.")) start = i + 1;
      if (lines.get(i).contains("---- C.")) end = i;
    }
    List<String> body = new ArrayList<>(lines.subList(start, end));
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) body.remove(body.size() - 1);
    return String.join("\n", body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsyslog-relp.conf", "rsyslog-mtls.conf", "syslog-ng-syslog.conf"})
  void readmeShowsTheTestedForwarderConfiguration(String name) throws Exception {
    Path dir = ConfigTemplate.directory();
    String readme = Files.readString(dir.getParent().getParent().resolve("README.md"));
    String snippet = sectionB(dir.resolve(name));
    assertTrue(snippet.length() > 100, "section B of " + name + " is missing");
    assertTrue(readme.contains("```\n" + snippet + "\n```"), "README.md must show section B of deploy/forwarders/" + name + " verbatim");
  }
}
