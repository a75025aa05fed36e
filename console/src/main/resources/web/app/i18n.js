// Every string the console shows, Vietnamese first. Keys are English-ish ids.
export const messages = {
  vi: {
    app: 'SOC Tỉnh', login: 'Đăng nhập', logout: 'Đăng xuất', user: 'Tên đăng nhập', password: 'Mật khẩu',
    wrong_login: 'Sai tên đăng nhập hoặc mật khẩu', locked: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau.',
    totp_title: 'Xác thực hai lớp', totp_code: 'Mã 6 số trên ứng dụng xác thực', confirm: 'Xác nhận',
    must_change: 'Bạn cần đổi mật khẩu trước khi tiếp tục', current_password: 'Mật khẩu hiện tại', new_password: 'Mật khẩu mới',
    change_password: 'Đổi mật khẩu', saved: 'Đã lưu', session_expired: 'Phiên làm việc đã hết hạn, vui lòng đăng nhập lại',
    overview: 'Tổng quan', live: 'Cảnh báo trực tiếp', search: 'Tìm kiếm', incidents: 'Sự cố', agencies: 'Cơ quan & hệ thống',
    rules: 'Luật phát hiện', audit: 'Nhật ký kiểm toán', users: 'Người dùng', account: 'Tài khoản',
    events_per_sec: 'Sự kiện/giây (1 giờ qua)', events_hour: 'Sự kiện trong 1 giờ', alerts_day: 'Cảnh báo trong 24 giờ',
    alerts_by_level: 'Cảnh báo theo mức độ', alerts_by_org: 'Cảnh báo theo cơ quan', open_by_state: 'Sự cố đang mở theo trạng thái',
    deadlines_due: 'Hạn báo cáo sắp đến', silent_sources: 'Nguồn log im lặng', top_rules: 'Luật cảnh báo nhiều nhất', none: 'Không có',
    pause: 'Tạm dừng', resume: 'Tiếp tục', filter_org: 'Cơ quan', filter_level: 'Mức độ', filter_rule: 'Luật', all: 'Tất cả',
    time: 'Thời gian', level: 'Mức độ', rule: 'Luật', org: 'Cơ quan', source_ip: 'IP nguồn', count: 'Số lần', actions: 'Thao tác',
    open_incident: 'Mở sự cố', connected: 'Đã kết nối', disconnected: 'Mất kết nối, đang kết nối lại…', new_alerts: 'cảnh báo mới',
    query: 'Truy vấn', run: 'Tìm', range: 'Khoảng thời gian', last_15m: '15 phút', last_1h: '1 giờ', last_24h: '24 giờ', last_7d: '7 ngày',
    last_30d: '30 ngày', custom_range: 'Tự chọn', from: 'Từ', to: 'Đến', hits: 'kết quả', message: 'Nội dung', details: 'Chi tiết', original: 'Bản ghi gốc (event.original)',
    pivot: 'Lọc theo giá trị này', more: 'Xem thêm', close: 'Đóng', state: 'Trạng thái', priority: 'Ưu tiên', title: 'Tiêu đề',
    detected: 'Phát hiện lúc', owner: 'Người phụ trách', serious: 'Nghiêm trọng', yes: 'Có', no: 'Không', drill: 'Diễn tập',
    timeline: 'Diễn biến', comments: 'Ý kiến', add_comment: 'Thêm ý kiến', send: 'Gửi', evidence: 'Bằng chứng', upload: 'Tải lên',
    deadlines: 'Thời hạn', due: 'Hạn', overdue: 'Quá hạn', met: 'Đã đáp ứng', met_late: 'Đáp ứng muộn', pending: 'Chưa đến hạn', warning: 'Sắp đến hạn',
    move_to: 'Chuyển sang', assign: 'Giao việc', classify: 'Phân loại', type: 'Loại sự cố', alerts: 'Cảnh báo', systems: 'Hệ thống',
    unrecognised_senders: 'Nguồn chưa xác định đơn vị', unrecognised_note: 'Sự kiện từ các nguồn này không thuộc đơn vị nào: điều chúng tự khai về đơn vị, hệ thống hay diễn tập không được tin (giữ trong soctinh.claimed.*). Thêm mạng, tên TLS hoặc token của nguồn vào đơn vị để gán.',
    security_level: 'Cấp độ an toàn', sources: 'Nguồn log', last_seen: 'Lần cuối', silent: 'Im lặng', active: 'Hoạt động',
    onboarding: 'Hướng dẫn kết nối', onboarding_help: 'Dán cấu hình này lên máy chủ của cơ quan để gửi log về SOC qua TLS.',
    copy: 'Sao chép', enabled: 'Bật', disabled: 'Tắt', test_rule: 'Chạy thử', scanned: 'đã quét', matched: 'khớp', errors: 'Lỗi tải luật',
    verify: 'Kiểm tra chuỗi băm', chain_ok: 'Chuỗi nhật ký toàn vẹn', chain_broken: 'Chuỗi nhật ký bị sửa đổi tại dòng', who: 'Người thực hiện',
    action: 'Hành động', target: 'Đối tượng', add_user: 'Thêm người dùng', role: 'Vai trò', unlock: 'Mở khoá', disable: 'Khoá', enable: 'Mở',
    reset_password: 'Đặt lại mật khẩu', totp_setup: 'Bật xác thực hai lớp', totp_secret: 'Khoá bí mật (nhập vào ứng dụng xác thực)',
    edit_report: 'Soạn báo cáo', from_data: 'lấy từ dữ liệu', needs_human: 'Cần đơn vị bổ sung', save_draft: 'Lưu bản nháp',
    drill_agencies: 'Cơ quan tham gia (mã)',
    retention: 'Lưu trữ và xoá dữ liệu cũ', retention_help: 'Lần xoá theo lịch tiếp theo sẽ xoá (thời hạn lưu theo cấp độ an toàn cao nhất của hệ thống thuộc cơ quan, không ít hơn mức tối thiểu của bộ quy định):',
    kind: 'Loại', retention_days: 'Số ngày lưu', cutoff: 'Xoá dữ liệu trước', to_delete: 'Sẽ xoá', held: 'Giữ lại do sự cố',
    held_by_incidents: 'Sự cố đang giữ dữ liệu', no_agency: '(không thuộc cơ quan nào)', journal: 'Nhật ký nhận (journal)', disk_use: 'Ổ đĩa dữ liệu',
    consumed: 'đã xử lý', not_consumed: 'chưa xử lý (không bao giờ xoá)', run_retention: 'Xoá ngay', nothing_to_delete: 'Không có dữ liệu quá hạn lưu trữ',
    retention_confirm: 'Xoá ngay dữ liệu quá hạn lưu trữ? Không thể hoàn tác; mỗi lần xoá được ghi vào nhật ký kiểm toán.', retention_done: 'Đã xoá',
    drills: 'Diễn tập', drill_list: 'Các cuộc diễn tập', drill_id: 'Mã diễn tập', scenario: 'Kịch bản', scenarios: 'Kịch bản diễn tập', window_start: 'Bắt đầu', started_at: 'Đã bắt đầu lúc', plan_drill: 'Lập kế hoạch diễn tập', speed: 'Tốc độ (lần)', auto_start: 'Tự bắt đầu khi đến giờ', role_committee: 'Ban tổ chức', role_referees: 'Tổ trọng tài', role_red_team: 'Đội tấn công', role_blue_team: 'Đội phòng thủ', role_observers: 'Quan sát viên', comma_separated: 'cách nhau bởi dấu phẩy', drill_target: 'Mục tiêu', steps: 'Các bước', elapsed: 'Đã trôi qua', start_now: 'Bắt đầu ngay', blue_team: 'Đội phòng thủ', red_team: 'Đội tấn công', injected_at: 'Thời điểm tấn công', time_to_detect: 'Thời gian phát hiện', time_to_ack: 'Tiếp nhận', time_to_contain: 'Ngăn chặn', points: 'Điểm', st_detected: 'Đã phát hiện', st_late: 'Phát hiện muộn', st_missed: 'Không phát hiện', st_waiting: 'Đang chờ', st_not_injected: 'Chưa thực hiện', st_not_expected: 'Không chấm', report_blue: 'Báo cáo đội phòng thủ', report_red: 'Báo cáo đội tấn công', report_committee: 'Báo cáo tổng kết', referee: 'Chấm điểm của trọng tài', team: 'Đội', note: 'Ghi chú', add: 'Thêm', drill_notes: 'Nội dung báo cáo do người viết', note_organisation: 'Tổ chức ứng cứu', note_verdict: 'Nhận định, kết luận', note_lessons: 'Bài học kinh nghiệm', save: 'Lưu',
    status: 'Trạng thái hệ thống', running_since: 'Đang chạy từ', listeners: 'Cổng nhận log', lag: 'Độ trễ xử lý (bản ghi)', store: 'Kho lưu trữ', disk: 'Ổ đĩa', disk_free: 'còn trống', disk_full_in: 'đầy sau khoảng (ngày)', per_day: 'mỗi ngày', rules_loaded: 'luật đã nạp', rules_failed: 'luật lỗi', replaced_by_local: 'thay bằng luật riêng của tỉnh', backup: 'Sao lưu gần nhất', no_backup: 'Chưa có bản sao lưu (soctinh backup)', documents: 'bản ghi',
    error: 'Lỗi', reports: 'Báo cáo', monitoring_report: 'Báo cáo giám sát định kỳ', whole_province: 'Toàn tỉnh', report_initial: 'Báo cáo ban đầu', report_closing: 'Báo cáo kết thúc', send_report: 'Gửi (lưu bản PDF, đánh dấu đã gửi)', events: 'Sự kiện', report_sent: 'Đã gửi báo cáo', loading: 'Đang tải…', no_results: 'Không có kết quả', language: 'English', reload: 'Tải lại',
  },
  en: {
    app: 'SOC Tinh', login: 'Log in', logout: 'Log out', user: 'User name', password: 'Password',
    wrong_login: 'Wrong user name or password', locked: 'Locked after too many failed logins. Try again later.',
    totp_title: 'Two-factor authentication', totp_code: '6-digit code from your authenticator', confirm: 'Confirm',
    must_change: 'Choose a new password to continue', current_password: 'Current password', new_password: 'New password',
    change_password: 'Change password', saved: 'Saved', session_expired: 'Your session has expired, please log in again',
    overview: 'Overview', live: 'Live alerts', search: 'Search', incidents: 'Incidents', agencies: 'Agencies & systems',
    rules: 'Rules', audit: 'Audit log', users: 'Users', account: 'Account',
    events_per_sec: 'Events/s (last hour)', events_hour: 'Events in the last hour', alerts_day: 'Alerts in 24 h',
    alerts_by_level: 'Alerts by level', alerts_by_org: 'Alerts by agency', open_by_state: 'Open incidents by state',
    deadlines_due: 'Report deadlines due soon', silent_sources: 'Silent log sources', top_rules: 'Top rules', none: 'None',
    pause: 'Pause', resume: 'Resume', filter_org: 'Agency', filter_level: 'Level', filter_rule: 'Rule', all: 'All',
    time: 'Time', level: 'Level', rule: 'Rule', org: 'Agency', source_ip: 'Source IP', count: 'Count', actions: 'Actions',
    open_incident: 'Open incident', connected: 'Connected', disconnected: 'Disconnected, reconnecting…', new_alerts: 'new alerts',
    query: 'Query', run: 'Search', range: 'Time range', last_15m: '15 min', last_1h: '1 hour', last_24h: '24 hours', last_7d: '7 days',
    last_30d: '30 days', custom_range: 'Custom', from: 'From', to: 'To', hits: 'hits', message: 'Message', details: 'Details', original: 'Original record (event.original)',
    pivot: 'Filter on this value', more: 'More', close: 'Close', state: 'State', priority: 'Priority', title: 'Title',
    detected: 'Detected', owner: 'Owner', serious: 'Serious', yes: 'Yes', no: 'No', drill: 'Drill',
    timeline: 'Timeline', comments: 'Comments', add_comment: 'Add a comment', send: 'Send', evidence: 'Evidence', upload: 'Upload',
    deadlines: 'Deadlines', due: 'Due', overdue: 'Overdue', met: 'Met', met_late: 'Met late', pending: 'Pending', warning: 'Due soon',
    move_to: 'Move to', assign: 'Assign', classify: 'Classify', type: 'Incident type', alerts: 'Alerts', systems: 'Systems',
    unrecognised_senders: 'Senders of no agency', unrecognised_note: 'Events from these senders belong to no agency: what they say about an agency, a system or a drill is not believed (kept under soctinh.claimed.*). Add the sender\'s network, TLS name or token to an agency to assign it.',
    security_level: 'Security level', sources: 'Log sources', last_seen: 'Last seen', silent: 'Silent', active: 'Active',
    onboarding: 'Onboarding', onboarding_help: "Paste this configuration on the agency's servers to send logs to the SOC over TLS.",
    copy: 'Copy', enabled: 'On', disabled: 'Off', test_rule: 'Try it', scanned: 'scanned', matched: 'matched', errors: 'Rule load errors',
    verify: 'Verify hash chain', chain_ok: 'The audit chain is intact', chain_broken: 'The audit chain was altered at line', who: 'Who',
    action: 'Action', target: 'Target', add_user: 'Add user', role: 'Role', unlock: 'Unlock', disable: 'Disable', enable: 'Enable',
    reset_password: 'Reset password', totp_setup: 'Turn on two-factor', totp_secret: 'Secret (enter it in your authenticator)',
    edit_report: 'Edit report', from_data: 'from the data', needs_human: 'To be written by the agency', save_draft: 'Save draft',
    drill_agencies: 'Participating agencies (ids)',
    retention: 'Retention', retention_help: "The next scheduled pass deletes (each agency keeps its data for its systems' highest security level, never less than the regulation pack's minimum):",
    kind: 'Kind', retention_days: 'Days kept', cutoff: 'Deletes before', to_delete: 'To delete', held: 'Held by incidents',
    held_by_incidents: 'Incidents holding data', no_agency: '(no agency)', journal: 'Intake journal', disk_use: 'Data disk',
    consumed: 'consumed', not_consumed: 'not yet consumed (never deleted)', run_retention: 'Delete now', nothing_to_delete: 'Nothing is past its retention',
    retention_confirm: 'Delete now what is past its retention? This cannot be undone; each deletion goes into the audit trail.', retention_done: 'Deleted',
    drills: 'Drills', drill_list: 'Drills', drill_id: 'Drill id', scenario: 'Scenario', scenarios: 'Drill scenarios', window_start: 'Start', started_at: 'Started at', plan_drill: 'Plan a drill', speed: 'Speed (times)', auto_start: 'Start on time automatically', role_committee: 'Organising committee', role_referees: 'Referees', role_red_team: 'Red team', role_blue_team: 'Blue team', role_observers: 'Observers', comma_separated: 'comma separated', drill_target: 'Target', steps: 'Steps', elapsed: 'Elapsed', start_now: 'Start now', blue_team: 'Blue team', red_team: 'Red team', injected_at: 'Attack time', time_to_detect: 'Time to detect', time_to_ack: 'Acknowledged', time_to_contain: 'Contained', points: 'Points', st_detected: 'Detected', st_late: 'Detected late', st_missed: 'Missed', st_waiting: 'Waiting', st_not_injected: 'Not run yet', st_not_expected: 'Not scored', report_blue: 'Blue team report', report_red: 'Red team report', report_committee: 'Committee summary', referee: 'Referees\' scores', team: 'Team', note: 'Note', add: 'Add', drill_notes: 'Report text written by people', note_organisation: 'How the response was organised', note_verdict: 'Verdict', note_lessons: 'Lessons learnt', save: 'Save',
    status: 'System status', running_since: 'Running since', listeners: 'Listeners', lag: 'Consumer lag (records)', store: 'Store', disk: 'Disk', disk_free: 'free', disk_full_in: 'full in about (days)', per_day: 'per day', rules_loaded: 'rules loaded', rules_failed: 'failed', replaced_by_local: 'replaced by local rules', backup: 'Last backup', no_backup: 'No backup recorded (soctinh backup)', documents: 'documents',
    error: 'Error', reports: 'Reports', monitoring_report: 'Periodic monitoring report', whole_province: 'Whole province', report_initial: 'Initial report', report_closing: 'Closing report', send_report: 'Send (keep the PDF, mark as sent)', events: 'Events', report_sent: 'Report sent', loading: 'Loading…', no_results: 'No results', language: 'Tiếng Việt', reload: 'Reload',
  },
};

let lang = localStorage.getItem('soctinh.lang') || 'vi';
export function t(key) {
  return (messages[lang] && messages[lang][key]) || messages.vi[key] || key;
}
export function language() { return lang; }
export function setLanguage(l) {
  lang = l;
  localStorage.setItem('soctinh.lang', l);
  document.documentElement.lang = l;
}

// The server's display zone (its config's timezone), told by /auth/me; until then the browser's own.
let zone;
const formats = new Map();
/** Sets the zone every time on the page is shown in (from /auth/me's time_zone). */
export function setTimeZone(z) {
  zone = z || undefined;
  formats.clear();
}
export function timeZone() { return zone || Intl.DateTimeFormat().resolvedOptions().timeZone; }
/** An Intl.DateTimeFormat in the server's zone, 24-hour; one per set of options. */
export function zoned(opts) {
  const key = JSON.stringify(opts);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: zone, hourCycle: 'h23' }));
  return formats.get(key);
}
const FULL = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' };
function partsOf(d) {
  return Object.fromEntries(zoned(FULL).formatToParts(d).map(x => [x.type, x.value]));
}
/** A datetime-local value (2026-12-03T10:04) read as a wall time in the server's zone; null when empty. */
export function fromLocal(local) {
  if (!local) return null;
  const wall = Date.parse(local + (local.length === 16 ? ':00' : '') + 'Z');
  if (isNaN(wall)) return null;
  const offset = ms => {
    const p = partsOf(new Date(ms));
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
  };
  const first = wall - offset(wall);
  return new Date(wall - offset(first)); // once more: the offset may differ across a daylight-saving change
}
/** dd/MM/yyyy HH:mm:ss in the server's zone, whatever the browser's. */
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  const p = partsOf(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}
export function fmtCountdown(iso, now) {
  const ms = new Date(iso) - now;
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s %= 86400;
  const h = Math.floor(s / 3600); s %= 3600;
  const m = Math.floor(s / 60); s %= 60;
  const txt = (d ? d + 'd ' : '') + String(h).padStart(2, '0') + ':' + String(m).padStart(2, '0') + ':' + String(s).padStart(2, '0');
  return neg ? '-' + txt : txt;
}
