package vn.soctinh.app.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where SOC Tỉnh's shipped content lives (rules, Sigma mapping, regulation packs, drills, indicator
 * feeds): found from the program, not from the working directory, so that {@code soctinh run}
 * started anywhere loads the shipped rules. In order: the {@code soctinh.home} system property, the
 * {@code SOCTINH_HOME} environment variable (the package's launcher sets it), the directories above
 * the running jar or classes (an installation's {@code lib/soctinh.jar}, a checkout's
 * {@code app/target/soctinh.jar}), and last the working directory, as before.
 *
 * @param dir the directory holding {@code rules/}
 * @param how how it was found, said at start
 */
public record Installation(Path dir, String how) {
  public static final String PROPERTY = "soctinh.home";
  public static final String ENV = "SOCTINH_HOME";
  /** The file whose presence marks an installation's content. */
  static final String MARKER = "rules/sigma-mapping.yml";
  /** How far above the program's jar or classes an installation's root may be. */
  private static final int MAX_LEVELS = 5;

  private static volatile Installation found;

  /** The installation of the running program, looked up once. */
  public static Installation current() {
    Installation i = found;
    if (i == null) {
      i = find(System.getProperty(PROPERTY), System.getenv(ENV), codeLocation(), Path.of("").toAbsolutePath());
      found = i;
    }
    return i;
  }

  /** How a configured path names the installation: {@code ${SOCTINH_HOME}/rules/sigma}. */
  public static final String TOKEN = "${" + ENV + "}";

  /** A configured path with a leading {@link #TOKEN} replaced by this installation's directory. */
  public Path expand(String configured) {
    if (configured.startsWith(TOKEN)) {
      String rest = configured.substring(TOKEN.length());
      while (rest.startsWith("/") || rest.startsWith("\\")) rest = rest.substring(1);
      return rest.isEmpty() ? dir : dir.resolve(rest).normalize();
    }
    return Path.of(configured).toAbsolutePath().normalize();
  }

  /** A shipped file or directory, e.g. {@code rules/sigma}. */
  public Path resolve(String relative) {
    return dir.resolve(relative).normalize();
  }

  /** Whether the installation holds its content (false: nothing was found, paths point at the working directory). */
  public boolean complete() {
    return Files.isRegularFile(dir.resolve(MARKER));
  }

  static Installation find(String property, String env, Path code, Path workingDir) {
    if (property != null && !property.isBlank()) return new Installation(Path.of(property).toAbsolutePath().normalize(), "-D" + PROPERTY);
    if (env != null && !env.isBlank()) return new Installation(Path.of(env).toAbsolutePath().normalize(), ENV);
    Path p = code;
    for (int level = 0; p != null && level <= MAX_LEVELS; level++, p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(MARKER))) return new Installation(p.normalize(), "beside the program (" + code + ")");
    }
    return new Installation(workingDir.normalize(), Files.isRegularFile(workingDir.resolve(MARKER)) ? "the working directory"
        : "the working directory (no shipped content found: set " + ENV + ")");
  }

  private static Path codeLocation() {
    try {
      var src = Installation.class.getProtectionDomain().getCodeSource();
      return src == null ? null : Path.of(src.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
