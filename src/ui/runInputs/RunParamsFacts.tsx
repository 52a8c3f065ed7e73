import './runInputs.css';

/** `name=value` pairs of a run's parameters, short, for a history row. */
export function paramsSummary(params: Readonly<Record<string, unknown>> | undefined): string {
  if (!params) return '';
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** The parameter values a run ran with, one per line (text, never markup). */
export function RunParamsFacts({ params }: { params: Readonly<Record<string, unknown>> }) {
  return (
    <ul className="run-params-facts" data-testid="run-params-values">
      {Object.entries(params).map(([name, value]) => (
        <li key={name} data-param={name}>
          <code>{name}</code> = <code>{JSON.stringify(value)}</code>
        </li>
      ))}
    </ul>
  );
}
