package vn.soctinh.analyzer.parse.auditd;

import java.util.HashMap;
import java.util.Map;

/**
 * System calls as Elastic's auditd integration normalises a SYSCALL record (go-libaudit's table):
 * {@code unlink} → action {@code deleted}, category {@code file}, type {@code deletion}. The name
 * comes from the enriched {@code SYSCALL=} field, or from the number on x86_64 when the record is raw.
 */
final class Syscalls {
  /** name → {action, category, types (comma-separated)}. */
  private static final Map<String, String[]> ECS = new HashMap<>(128);
  /** x86_64 number → name, for the calls above. */
  private static final Map<String, String> X86_64 = new HashMap<>(128);

  static {
    group("file", "deletion", "deleted", "unlink:87", "unlinkat:263", "rmdir:84");
    group("file", "change", "renamed", "rename:82", "renameat:264", "renameat2:316");
    group("file", "change", "changed-file-permissions-of", "chmod:90", "fchmod:91", "fchmodat:268");
    group("file", "change", "changed-file-ownership-of", "chown:92", "fchown:93", "lchown:94", "fchownat:260");
    group("file", "change", "changed-file-attributes-of", "setxattr:188", "lsetxattr:189", "fsetxattr:190", "removexattr:197",
        "lremovexattr:198", "fremovexattr:199");
    group("file", "info", "checked-metadata-of", "access:21", "faccessat:269", "stat:4", "fstat:5", "lstat:6", "newfstatat:262",
        "getxattr:191", "lgetxattr:192", "fgetxattr:193");
    group("file", "info", "checked-filesystem-metadata-of", "statfs:137", "fstatfs:138");
    group("file", "info", "opened-file", "open:2", "openat:257", "readlink:89", "readlinkat:267");
    group("file", "creation", "opened-file", "creat:85");
    group("file", "change", "opened-file", "truncate:76", "ftruncate:77", "fallocate:285");
    group("file", "info", "changed-timestamp-of", "utime:132", "utimes:235", "utimensat:280", "futimesat:261");
    group("file", "creation", "created-directory", "mkdir:83", "mkdirat:258");
    group("file", "creation", "make-device", "mknod:133", "mknodat:259");
    group("file", "creation", "symlinked", "symlink:88", "symlinkat:266");
    group("file", "creation", "mounted", "mount:165");
    group("file", "deletion", "unmounted", "umount2:166");
    group("file", "info", "read-file", "read:0");
    group("file", "change", "wrote-to-file", "write:1");
    group("network", "connection,start", "connected-to", "connect:42");
    group("network", "connection,start", "accepted-connection-from", "accept:43", "accept4:288");
    group("network", "start", "bound-socket", "bind:49");
    group("network", "start", "listen-for-connections", "listen:50");
    group("network", "connection,info", "sent-to", "sendto:44", "sendmsg:46", "sendmmsg:307");
    group("network", "connection,info", "received-from", "recvfrom:45", "recvmsg:47", "recvmmsg:299");
    group("process", "end", "killed-pid", "kill:62", "tkill:200", "tgkill:234");
    group("process", "change", "changed-identity-of", "setuid:105", "setgid:106", "setreuid:113", "setregid:114", "setresuid:117",
        "setresgid:119", "setfsuid:122", "setfsgid:123");
    group("process", "change", "adjusted-scheduling-policy-of", "sched_setparam:142", "sched_setscheduler:144", "sched_setattr:314");
    group("process", "info", "allocated-memory", "mmap:9", "brk:12");
    group("driver", "start", "loaded-kernel-module", "init_module:175", "finit_module:313");
    group("driver", "end", "unloaded-kernel-module", "delete_module:176");
    group("host", "change", "changed-system-time", "settimeofday:164", "clock_settime:227", "adjtimex:159");
    group("host", "change", "changed-system-name", "sethostname:170", "setdomainname:171");
  }

  private Syscalls() {}

  private static void group(String category, String types, String action, String... calls) {
    String[] v = {action, category, types};
    for (String c : calls) {
      int colon = c.indexOf(':');
      ECS.put(c.substring(0, colon), v);
      X86_64.put(c.substring(colon + 1), c.substring(0, colon));
    }
  }

  /** {action, category, types} for a call's name, or null when Elastic leaves it without an action. */
  static String[] ecs(String name) {
    return ECS.get(name);
  }

  /** The name of an x86_64 call number among those normalised, or null. */
  static String x86_64(String number) {
    return number == null ? null : X86_64.get(number);
  }
}
