// SPDX-License-Identifier: Apache-2.0
// Japanese and English texts of the dashboard. The language comes from ?lang=ja|en, else
// the browser's language; setLang() re-renders every [data-i18n] element and notifies
// listeners so panels redraw their dynamic text.

export type Lang = 'ja' | 'en';

const en = {
  title: 'CityOS dashboard',
  subtitle: 'Muroran demo city',
  'lang.switch': '日本語',
  'lang.switchLabel': 'Switch language to Japanese',
  'signin.open': 'Sign in',
  'signin.out': 'Sign out',
  'signin.title': 'Sign in',
  'signin.help': 'Enter an API key or a bearer token (OpenID Connect). It is kept in this tab only (sessionStorage).',
  'signin.kind': 'Credential type',
  'signin.apiKey': 'API key',
  'signin.bearer': 'Bearer token',
  'signin.secret': 'Credential',
  'signin.submit': 'Sign in',
  'signin.cancel': 'Cancel',
  'signin.required': 'This server needs credentials: please sign in.',
  'signin.signedIn': 'signed in',
  'live.connecting': 'connecting…',
  'live.live': 'live',
  'live.offline': 'live updates unavailable',
  'live.retry': 'reconnecting…',
  'live.signin': 'sign-in needed',
  'map.label': 'City map: bus routes, stops, vehicles, river gauges, parking and people counters',
  'map.legend': 'Legend',
  'legend.bus': 'bus',
  'legend.drt': 'on-demand vehicle',
  'legend.stop': 'bus stop',
  'legend.gauge': 'river gauge',
  'legend.parking': 'parking (free share)',
  'legend.crowd': 'people counter',
  'legend.shelter': 'shelter',
  'kpi.title': 'City KPIs',
  'kpi.walking': 'Walking minutes a day',
  'kpi.walkingChange': 'Change vs baseline (target +20)',
  'kpi.participants': 'Health-points participants',
  'kpi.transit': 'Transit ridership',
  'kpi.drt': 'On-demand ridership',
  'kpi.serviceRate': 'On-demand service rate',
  'kpi.wait': 'On-demand average wait',
  'kpi.vehicles': 'Vehicles in service',
  'kpi.other': 'Other indicators',
  'kpi.min': 'min',
  'rivers.title': 'River levels',
  'rivers.none': 'No river gauges reporting.',
  'rivers.level': 'Level',
  'rivers.danger': 'Danger level',
  'rivers.observed': 'Observed',
  'rivers.crossings': 'Predicted crossings',
  'rivers.noCrossing': 'No crossing predicted.',
  'rivers.crossingAt': 'level {level} ({threshold} m) expected at {at}',
  'alerts.title': 'Active alerts',
  'alerts.none': 'No active alerts.',
  'alerts.shelters': 'Nearest shelters',
  'alerts.noShelter': 'No shelter known.',
  'alerts.capacity': 'capacity',
  'alerts.walk': 'walk',
  'alerts.minutes': 'min',
  'alerts.predicted': 'predicted',
  'charts.title': 'Time series',
  'charts.entity': 'Entity',
  'charts.attr': 'Attribute',
  'charts.hours': 'Period',
  'charts.load': 'Show',
  'charts.empty': 'No history for this choice.',
  'charts.h': '{n} h',
  'planner.title': 'Journey planner',
  'planner.help': 'Click two points on the map (origin, then destination), or type lat,lon or stop:ID.',
  'planner.from': 'From',
  'planner.to': 'To',
  'planner.time': 'Departure (local time)',
  'planner.search': 'Search',
  'planner.clear': 'Clear',
  'planner.none': 'No itinerary found.',
  'planner.searching': 'Searching…',
  'planner.walk': 'Walk',
  'planner.transfers': '{n} transfers',
  'planner.fare': 'Fare',
  'planner.noFare': 'fare unknown',
  'planner.min': '{n} min',
  'fleet.title': 'On-demand fleet',
  'fleet.vehicles': 'Vehicles',
  'fleet.requests': 'Requests',
  'fleet.none': 'No on-demand service running.',
  'fleet.onboard': 'on board',
  'fleet.planned': 'planned stops',
  'fleet.promise': 'promised pickup',
  'fleet.status': 'status',
  'health.title': 'Health points (aggregates)',
  'health.none': 'No health-points programme data.',
  'health.group': 'Group',
  'health.participants': 'Participants',
  'health.steps': 'Steps/day',
  'health.minutes': 'Walking min/day',
  'health.change': 'Change',
  'health.all': 'everyone',
  'common.none': '—',
  'common.updated': 'updated {t}',
  'error.http': 'Request failed ({status}): {detail}',
  attribution: '© 国土数値情報 (MLIT) · Donan Bus GTFS-JP (CC BY-SA 3.0) · © OpenStreetMap contributors',
  credits:
    'Map data: outline 「国土数値情報（行政区域データ）」（国土交通省）を加工して作成; bus routes and stops: Donan Bus GTFS-JP, CC BY-SA 3.0, 道南バスGTFS化プロジェクト (むろらんオープンデータライブラリ, © OpenStreetMap contributors).',
};

type Key = keyof typeof en;

const ja: Record<Key, string> = {
  title: 'CityOS ダッシュボード',
  subtitle: '室蘭デモ都市',
  'lang.switch': 'English',
  'lang.switchLabel': '表示言語を英語に切り替え',
  'signin.open': 'サインイン',
  'signin.out': 'サインアウト',
  'signin.title': 'サインイン',
  'signin.help': 'API キーまたはベアラートークン（OpenID Connect）を入力してください。このタブの中だけに保存されます（sessionStorage）。',
  'signin.kind': '認証情報の種類',
  'signin.apiKey': 'API キー',
  'signin.bearer': 'ベアラートークン',
  'signin.secret': '認証情報',
  'signin.submit': 'サインイン',
  'signin.cancel': 'キャンセル',
  'signin.required': 'このサーバーには認証が必要です。サインインしてください。',
  'signin.signedIn': 'サインイン済み',
  'live.connecting': '接続中…',
  'live.live': 'ライブ',
  'live.offline': 'ライブ更新を利用できません',
  'live.retry': '再接続中…',
  'live.signin': 'サインインが必要です',
  'map.label': '都市の地図：バス路線、停留所、車両、河川水位計、駐車場、人流カウンター',
  'map.legend': '凡例',
  'legend.bus': 'バス',
  'legend.drt': 'オンデマンド車両',
  'legend.stop': 'バス停',
  'legend.gauge': '水位計',
  'legend.parking': '駐車場（空き率）',
  'legend.crowd': '人流カウンター',
  'legend.shelter': '避難所',
  'kpi.title': '都市の KPI',
  'kpi.walking': '1日の歩行時間',
  'kpi.walkingChange': '開始時からの増加（目標 +20 分）',
  'kpi.participants': '健康ポイント参加者',
  'kpi.transit': '路線バス利用者数',
  'kpi.drt': 'オンデマンド利用者数',
  'kpi.serviceRate': 'オンデマンド配車成立率',
  'kpi.wait': 'オンデマンド平均待ち時間',
  'kpi.vehicles': '運行中の車両',
  'kpi.other': 'その他の指標',
  'kpi.min': '分',
  'rivers.title': '河川水位',
  'rivers.none': '報告中の水位計はありません。',
  'rivers.level': '水位',
  'rivers.danger': '危険度レベル',
  'rivers.observed': '観測',
  'rivers.crossings': '到達予測',
  'rivers.noCrossing': '水位到達の予測はありません。',
  'rivers.crossingAt': 'レベル{level}（{threshold} m）到達予測 {at}',
  'alerts.title': '発表中の警報',
  'alerts.none': '発表中の警報はありません。',
  'alerts.shelters': '最寄りの避難所',
  'alerts.noShelter': '避難所の情報がありません。',
  'alerts.capacity': '収容',
  'alerts.walk': '徒歩',
  'alerts.minutes': '分',
  'alerts.predicted': '予測',
  'charts.title': '時系列',
  'charts.entity': 'エンティティ',
  'charts.attr': '属性',
  'charts.hours': '期間',
  'charts.load': '表示',
  'charts.empty': 'この条件の履歴はありません。',
  'charts.h': '{n} 時間',
  'planner.title': '乗換案内',
  'planner.help': '地図上で2点（出発地、目的地の順）をクリックするか、緯度,経度 または stop:ID を入力してください。',
  'planner.from': '出発地',
  'planner.to': '目的地',
  'planner.time': '出発時刻（現地時刻）',
  'planner.search': '検索',
  'planner.clear': 'クリア',
  'planner.none': '経路が見つかりません。',
  'planner.searching': '検索中…',
  'planner.walk': '徒歩',
  'planner.transfers': '乗換 {n} 回',
  'planner.fare': '運賃',
  'planner.noFare': '運賃不明',
  'planner.min': '{n} 分',
  'fleet.title': 'オンデマンド交通',
  'fleet.vehicles': '車両',
  'fleet.requests': '予約',
  'fleet.none': 'オンデマンド交通は運行していません。',
  'fleet.onboard': '乗車中',
  'fleet.planned': '予定停車',
  'fleet.promise': '約束した乗車時刻',
  'fleet.status': '状態',
  'health.title': '健康ポイント（集計のみ）',
  'health.none': '健康ポイント事業のデータはありません。',
  'health.group': 'グループ',
  'health.participants': '参加者',
  'health.steps': '歩数/日',
  'health.minutes': '歩行分/日',
  'health.change': '増加',
  'health.all': '全体',
  'common.none': '—',
  'common.updated': '{t} 更新',
  'error.http': 'リクエストに失敗しました（{status}）：{detail}',
  attribution: '© 国土数値情報（国土交通省）・道南バス GTFS-JP（CC BY-SA 3.0）・© OpenStreetMap contributors',
  credits:
    '地図データ：行政区域 「国土数値情報（行政区域データ）」（国土交通省）を加工して作成／バス路線・停留所 道南バス GTFS-JP（CC BY-SA 3.0、道南バスGTFS化プロジェクト、むろらんオープンデータライブラリ、© OpenStreetMap contributors）',
};

const dictionaries: Record<Lang, Record<Key, string>> = { en, ja };

/** Picks the language: ?lang= first, then navigator.languages; English when neither is ja/en. */
export function detectLang(search: string, languages: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'ja' || asked === 'en') return asked;
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

let current: Lang = 'en';
const listeners: Array<() => void> = [];

export function lang(): Lang {
  return current;
}

/** The text of `key` in the current language with {name} placeholders filled. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Applies texts to [data-i18n] (textContent), [data-i18n-label] (aria-label) and [data-i18n-title]. */
export function applyTexts(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as Key);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel as Key));
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-title]').forEach((el) => {
    el.title = t(el.dataset.i18nTitle as Key);
  });
}

/** Switches the language: updates <html lang>, the URL (?lang=), static texts and listeners. */
export function setLang(next: Lang, updateUrl = true): void {
  current = next;
  document.documentElement.lang = next;
  document.title = t('title');
  if (updateUrl) {
    const url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.history.replaceState(null, '', url);
  }
  applyTexts();
  for (const fn of listeners) fn();
}

export function onLangChange(fn: () => void): void {
  listeners.push(fn);
}

/** A LanguageProperty (keyValues gives {ja, en, ...}) or a string, in the current language. */
export function localized(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const map = value as Record<string, unknown>;
    const pick = map[current] ?? map.en ?? map.ja ?? Object.values(map)[0];
    return typeof pick === 'string' ? pick : '';
  }
  return '';
}

/** Japanese names of the enumerated values the panels show (statuses, kinds, severities). */
const jaValues: Record<string, string> = {
  scheduled: '予約確定', onboard: '乗車中', completed: '完了', cancelled: '取消', no_show: '不乗車',
  unserved: '配車不可', parked: '待機中', onRoute: '運行中', outOfService: '運休', passenger: '旅客',
  parcel: '荷物', critical: '危険', high: '高', medium: '中', low: '低', informational: '情報',
  pickup: '乗車', dropoff: '降車',
};

/** An enumerated value (e.g. "scheduled") in the current language; English shows it as is. */
export function valueText(value: unknown): string {
  const s = value == null ? '' : String(value);
  return current === 'ja' ? (jaValues[s] ?? s) : s;
}
