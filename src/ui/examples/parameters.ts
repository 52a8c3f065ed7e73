import { defineExample } from './defineExample.ts';

/** Run parameters: the run form asks for them, tasks read `params.<name>`. */
export const parameters = defineExample(
  'parameters',
  'Parameters',
  'A weather report for a city and a number of days, chosen each time it runs.',
  'The workflow declares parameters (Inspector, nothing selected): Run opens a form for their values, tasks read params.city, and each run records the values it ran with (Runs tab, Run tab); Retry failed reuses them. A task that needs an API key would list it under Secrets used and read secrets.NAME.',
  [
    {
      name: 'forecast',
      description: 'Makes up a forecast for params.days days (no network needed).',
      code: 'const days = Array.from({ length: params.days }, (_, i) => ({\n  day: i + 1,\n  temperature: Math.round(8 + 6 * Math.sin(i + params.city.length)),\n}));\nlog(`forecast for ${params.city}: ${days.length} days`);\nreturn days;',
      position: { x: 0, y: 0 },
    },
    {
      name: 'report',
      code: "const unit = params.metric ? '°C' : '°F';\nconst convert = (c) => (params.metric ? c : Math.round(c * 1.8 + 32));\nreturn forecast.map((d) => `${params.city}, day ${d.day}: ${convert(d.temperature)} ${unit}`);",
      dependsOn: ['forecast'],
      position: { x: 0, y: 160 },
    },
  ],
  {
    params: [
      { name: 'city', type: 'string', default: 'Oslo', required: true, description: 'Which city' },
      { name: 'days', type: 'number', default: 3, description: 'How many days ahead' },
      { name: 'metric', type: 'boolean', default: true, description: 'Celsius (else Fahrenheit)' },
    ],
  },
);
