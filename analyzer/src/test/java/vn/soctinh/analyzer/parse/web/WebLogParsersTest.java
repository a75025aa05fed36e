package vn.soctinh.analyzer.parse.web;

import static vn.soctinh.analyzer.parse.ParsedLines.assertFields;

import org.junit.jupiter.api.Test;

class WebLogParsersTest {

  @Test
  void combinedAccessLogBare() {
    assertFields("203.0.113.9 - bob [23/Nov/2026:10:00:00 +0700] \"GET /index.php?id=1%27 HTTP/1.1\" 404 153 \"-\" \"sqlmap/1.7#stable\"",
        "@timestamp=2026-11-23T03:00:00Z", "event.action=http_request", "event.category=[web]", "event.type=[access]",
        "event.outcome=failure", "event.dataset=web.access", "source.ip=203.0.113.9", "user.name=bob", "http.request.method=GET",
        "url.original=/index.php?id=1%27", "url.path=/index.php", "url.query=id=1%27", "http.version=1.1",
        "http.response.status_code=404", "http.response.body.bytes=153", "http.request.referrer=-", "user_agent.original=sqlmap/1.7#stable");
  }

  @Test
  void nginxViaSyslogWithEscapedQuotesInTheAgent() {
    assertFields("<190>Nov 23 10:00:00 web nginx: 2001:db8::9 - - [23/Nov/2026:10:00:01 +0000] \"POST /login HTTP/2.0\" 200 12 "
            + "\"https://dvc.tinh.gov.vn/\" \"Mozilla/5.0 \\\"evil\\\"\" 0.012",
        "event.dataset=nginx.access", "source.ip=2001:db8::9", "user.name=-", "http.request.method=POST",
        "http.request.referrer=https://dvc.tinh.gov.vn/", "user_agent.original=Mozilla/5.0 \"evil\"", "event.outcome=success",
        "@timestamp=2026-11-23T10:00:01Z");
  }

  @Test
  void vhostCombinedAndNonHttpRequestLine() {
    assertFields("dvc.tinh.gov.vn:443 198.51.100.4 - - [23/Nov/2026:10:00:02 +0700] \"\\x16\\x03\\x01\" 400 226 \"-\" \"-\"",
        "url.domain=dvc.tinh.gov.vn", "source.ip=198.51.100.4", "url.original=\\x16\\x03\\x01", "http.request.method=-",
        "http.response.status_code=400", "user_agent.original=-");
  }

  @Test
  void commonLogFormatWithoutReferrerAndAgent() {
    assertFields("10.0.0.5 - - [23/Nov/2026:10:00:03 +0700] \"GET / HTTP/1.0\" 200 -",
        "http.response.status_code=200", "http.response.body.bytes=-", "event.action=http_request");
  }

  @Test
  void apache22ErrorLogFromLoghub() {
    assertFields("[Sun Dec 04 04:51:18 2005] [error] [client 82.142.167.89] Directory index forbidden by rule: /var/www/html/",
        "event.action=directory_index_forbidden", "log.level=error", "source.ip=82.142.167.89", "event.dataset=apache.error",
        "@timestamp=2005-12-03T21:51:18Z", "message=Directory index forbidden by rule: /var/www/html/");
    assertFields("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6", "event.action=mod_jk_error");
  }

  @Test
  void apache24ErrorLogWithModulePidAndClientPort() {
    assertFields("[Thu Nov 23 10:00:00.123456 2026] [core:error] [pid 123:tid 456] [client 203.0.113.9:5555] AH00126: Invalid URI in request GET /../../etc/passwd HTTP/1.1",
        "event.action=invalid_request", "apache.error.module=core", "log.level=error", "process.pid=123", "process.thread.id=456",
        "source.ip=203.0.113.9", "source.port=5555", "error.code=AH00126", "@timestamp=2026-11-23T03:00:00.123456Z");
  }

  @Test
  void nginxErrorLog() {
    assertFields("2026/11/23 10:00:00 [error] 1234#1234: *5 open() \"/usr/share/nginx/html/wp-login.php\" failed (2: No such file or directory), "
            + "client: 203.0.113.9, server: _, request: \"GET /wp-login.php HTTP/1.1\", host: \"dvc.tinh.gov.vn\"",
        "event.action=file_not_found", "event.dataset=nginx.error", "log.level=error", "process.pid=1234", "source.ip=203.0.113.9",
        "http.request.method=GET", "url.original=/wp-login.php", "url.domain=dvc.tinh.gov.vn", "server.domain=-",
        "nginx.error.connection_id=5", "@timestamp=2026-11-23T03:00:00Z");
  }

  @Test
  void garbageBetweenBracketsIsNotAnAccessLog() {
    assertFields("<190>Nov 23 10:00:00 web nginx: hello [world] \"x\"", "tags=[_unparsed]");
  }
}
