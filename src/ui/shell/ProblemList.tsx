/** Most problems listed one by one; the rest are counted (a refused document can have thousands). */
export const SHOWN_PROBLEMS = 50;

/** The problems of a refused file or link: the first SHOWN_PROBLEMS, then how many more. */
export function ProblemList({ messages }: { messages: readonly string[] }) {
  const more = messages.length - SHOWN_PROBLEMS;
  return (
    <ul className="problem-list" data-testid="problem-list">
      {messages.slice(0, SHOWN_PROBLEMS).map((m, i) => (
        <li key={i}>{m}</li>
      ))}
      {more > 0 && <li>…and {more.toLocaleString('en-US')} more problems.</li>}
    </ul>
  );
}
