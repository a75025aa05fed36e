package vn.soctinh.console.web;

/** The webjar versions the page uses (tests fetch the same files). */
public final class IndexPageVersions {
  private IndexPageVersions() {}

  public static String preact() {
    return IndexPage.webjarVersion("preact");
  }

  public static String uplot() {
    return IndexPage.webjarVersion("uplot");
  }
}
