package vn.soctinh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.soctinh.collector.files.PrivateFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.soctinh.analyzer.org.InfoSystem;
import vn.soctinh.analyzer.org.OrgDirectory;
import vn.soctinh.analyzer.org.OrgException;
import vn.soctinh.analyzer.org.OrgFile;
import vn.soctinh.analyzer.org.Organization;
import vn.soctinh.app.config.SocTinhConfig;

/**
 * {@code soctinh org import|export|merge|list}: the province's organisations and systems, kept in the
 * configuration's {@code organizations.file}, which a running server reloads when it changes.
 */
@Command(name = "org", mixinStandardHelpOptions = true, description = "Organisations and information systems: import, export, merge, list.",
    subcommands = {OrgCommand.Import.class, OrgCommand.Export.class, OrgCommand.Merge.class, OrgCommand.ListCmd.class})
final class OrgCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a subcommand: import, export, merge or list");
  }

  /** The organisation file: {@code --file}, else the configuration's. */
  static final class Location {
    @Mixin ConfigOption config;

    @Option(names = "--file", paramLabel = "PATH", description = "organisation file (default: organizations.file of the configuration)")
    Path file;

    Path path() {
      if (file != null) return file;
      SocTinhConfig c = config.load();
      return c.organizations().fileIn(c.dataDir());
    }

    OrgDirectory load() {
      Path p = path();
      if (!Files.isRegularFile(p)) throw new ExitException(1, "soctinh org: no organisation file at " + p + " (soctinh org import FILE)");
      try {
        OrgFile.Result r = OrgFile.parseYaml(Files.readString(p, StandardCharsets.UTF_8), p.toString());
        if (!r.ok()) throw new ExitException(1, problems(r));
        return r.directory();
      } catch (IOException e) {
        throw new ExitException(1, "soctinh org: cannot read " + p + ": " + e.getMessage());
      }
    }

    /** Writes atomically; the previous version stays as {@code .bak}. */
    void save(OrgDirectory d) {
      Path p = path().toAbsolutePath();
      try {
        Files.createDirectories(p.getParent());
        // the file holds the agencies' intake tokens: it and its backup are readable by this account only
        if (Files.exists(p)) PrivateFiles.write(p.resolveSibling(p.getFileName() + ".bak"), Files.readAllBytes(p));
        PrivateFiles.write(p, OrgFile.toYaml(d));
      } catch (IOException e) {
        throw new ExitException(1, "soctinh org: cannot write " + p + ": " + e.getMessage());
      }
    }
  }

  static String problems(OrgFile.Result r) {
    StringBuilder b = new StringBuilder();
    for (OrgException e : r.problems()) b.append(e).append('\n');
    b.append(r.problems().size()).append(" problem(s); nothing was imported");
    return b.toString();
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Check and import a YAML file, or CSV tables (organisations and systems, told apart by their header). "
          + "Replaces the whole directory; any mistake imports nothing.")
  static final class Import implements Runnable {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--check", description = "only check, write nothing")
    boolean check;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "one .yml/.yaml file, or .csv tables")
    List<Path> files;

    @Override
    public void run() {
      OrgFile.Result r;
      try {
        boolean csv = files.stream().allMatch(f -> f.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv"));
        if (csv) {
          Map<String, String> tables = new LinkedHashMap<>();
          for (Path f : files) tables.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
          r = OrgFile.parseCsv(tables);
        } else if (files.size() == 1) {
          r = OrgFile.parseYaml(Files.readString(files.get(0), StandardCharsets.UTF_8), files.get(0).toString());
        } else {
          throw new ExitException(2, "soctinh org import: give one YAML file, or CSV tables only");
        }
      } catch (IOException e) {
        throw new ExitException(1, "soctinh org import: cannot read: " + e.getMessage());
      }
      if (!r.ok()) throw new ExitException(1, problems(r));
      PrintWriter out = spec.commandLine().getOut();
      if (!check) {
        location.save(r.directory());
        AuditCommand.record(location.config, "org.import", location.path().toString(), "imported " + files + ": " + r.directory().organizations().size()
            + " organisations, " + r.directory().systems().size() + " systems");
      }
      out.println((check ? "checked: " : "imported into " + location.path() + ": ") + r.directory().organizations().size() + " organisations, "
          + r.directory().systems().size() + " systems");
      out.flush();
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the directory as YAML (stdout or -o FILE) or as two CSV tables (-o DIR).")
  static final class Export implements Runnable {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "yaml", description = "yaml or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "file (yaml) or directory (csv: organizations.csv and systems.csv)")
    Path output;

    @Override
    public void run() {
      OrgDirectory d = location.load();
      PrintWriter out = spec.commandLine().getOut();
      try {
        switch (format) {
          case "yaml" -> {
            if (output == null) out.print(OrgFile.toYaml(d));
            else Files.writeString(output, OrgFile.toYaml(d), StandardCharsets.UTF_8);
          }
          case "csv" -> {
            if (output == null) throw new ExitException(2, "soctinh org export --format csv needs -o DIR (two tables)");
            Files.createDirectories(output);
            Files.writeString(output.resolve("organizations.csv"), OrgFile.organizationsCsv(d), StandardCharsets.UTF_8);
            Files.writeString(output.resolve("systems.csv"), OrgFile.systemsCsv(d), StandardCharsets.UTF_8);
          }
          default -> throw new ExitException(2, "soctinh org export: --format is yaml or csv, not " + format);
        }
      } catch (IOException e) {
        throw new ExitException(1, "soctinh org export: " + e.getMessage());
      }
      out.flush();
    }
  }

  @Command(name = "merge", mixinStandardHelpOptions = true,
      description = "FROM is absorbed by INTO: it moves under INTO with its systems and history, marked merged.")
  static final class Merge implements Runnable {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "INTO")
    String into;

    @Override
    public void run() {
      OrgDirectory d;
      try {
        d = location.load().merge(from, into);
      } catch (IllegalArgumentException e) {
        throw new ExitException(1, "soctinh org merge: " + e.getMessage());
      }
      location.save(d);
      AuditCommand.record(location.config, "org.merge", from, "merged into " + into);
      spec.commandLine().getOut().println(from + " merged into " + into);
      spec.commandLine().getOut().flush();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The organisation tree with each organisation's systems and their security levels.")
  static final class ListCmd implements Runnable {
    @Mixin Location location;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      OrgDirectory d = location.load();
      PrintWriter out = spec.commandLine().getOut();
      for (Organization o : d.organizations()) if (o.parent() == null) print(d, o, 0, out);
      out.flush();
    }

    private static void print(OrgDirectory d, Organization o, int depth, PrintWriter out) {
      out.println("  ".repeat(depth) + o.name() + " [" + o.id() + "]" + (o.mergedInto() != null ? " (merged into " + o.mergedInto() + ")" : ""));
      for (InfoSystem s : d.systems()) {
        if (s.org().equals(o.id())) out.println("  ".repeat(depth + 1) + "- " + s.name() + " [" + s.id() + "] level " + s.level() + ", " + s.type());
      }
      for (Organization c : d.organizations()) if (o.id().equals(c.parent())) print(d, c, depth + 1, out);
    }
  }
}
