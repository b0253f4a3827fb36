// Field settings shared by every panel kind: units (typed by the SDK's unit ids), thresholds, mappings.
import * as units from '@grafana/grafana-foundation-sdk/units';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** A Grafana unit id: only the SDK's constants type-check, so a typo fails `tsc`. */
export type Unit = (typeof units)[keyof typeof units];

/** Threshold steps as [color, from]: the first step starts at -infinity (null). */
export type Steps = [string, number | null][];

export const amber = '#EAB839';

export function thresholds(steps: Steps): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([color, value]) => ({ value, color })));
}

/** 0/1 gauges shown as down/up (probes, datasources). */
export function upDownMapping(): dashboard.ValueMapping[] {
  return [valueMapping({ 0: ['down', 'red'], 1: ['up', 'green'] })];
}

export function valueMapping(values: Record<number, [string, string]>): dashboard.ValueMapping {
  const options: Record<string, dashboard.ValueMappingResult> = {};
  Object.entries(values).forEach(([value, [text, color]], index) => {
    options[value] = { text, color, index };
  });
  return { type: dashboard.MappingType.ValueToText, options };
}

/** The currencies of the pricing catalog. Money is never converted: each series shows its own currency. */
const currencyUnits: [string, Unit][] = [
  ['USD', units.Dollars], ['EUR', units.Euro], ['GBP', units.Pounds], ['CHF', units.SwissFranc],
  ['JPY', units.Yen], ['SEK', units.SwedishKrona], ['NOK', units.NorwegianKrone], ['DKK', units.DanishKrone],
  ['PLN', units.PolishZloty], ['CZK', units.CzechKoruna], ['INR', units.IndianRupee], ['BRL', units.Real],
  ['ZAR', units.SouthAfricanRand],
];

/** One override per currency: a series whose name holds the ISO code is shown in that currency's unit. */
export function currencyOverrides(): { matcher: dashboard.MatcherConfig; properties: dashboard.DynamicConfigValue[] }[] {
  return currencyUnits.map(([code, unit]) => ({
    matcher: { id: 'byRegexp', options: `.*\\b${code}\\b.*` },
    properties: [{ id: 'unit', value: unit }],
  }));
}
