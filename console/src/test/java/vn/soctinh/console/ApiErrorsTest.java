package vn.soctinh.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the API words a failure: by the failure's type, never by the text of its message. */
class ApiErrorsTest {
  @TempDir Path dir;
  ConsoleFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ConsoleFixture(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void aQueryThatIsWrongIsABadRequestNamingTheField() throws Exception {
    Client analyst = f.loggedIn("analyst");
    Client.Response r = analyst.get("/api/v1/events?q=" + URLEncoder.encode("destination.port:abc", StandardCharsets.UTF_8));
    assertEquals(400, r.status(), r.toString());
    assertEquals("bad_request", r.json().getString("code"));
    assertTrue(r.json().getString("message").contains("destination.port"), r.toString());
  }
}
