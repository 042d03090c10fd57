/** A unified diff, coloured by line: additions, deletions, hunk and file headers. */
export function DiffView({ diff }: { diff: string }) {
  if (diff.trim() === "") return <p className="muted">No changes.</p>;
  return (
    <pre className="diff" data-testid="diff-view">
      {diff.split("\n").map((line, i) => (
        // Lines of a diff have no identity but their position.
        // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here
        <span key={i} className={lineClass(line)}>
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}

function lineClass(line: string): string {
  if (
    line.startsWith("+++") ||
    line.startsWith("---") ||
    line.startsWith("diff ") ||
    line.startsWith("index ")
  )
    return "diff-file";
  if (line.startsWith("@@")) return "diff-hunk";
  if (line.startsWith("+")) return "diff-add";
  if (line.startsWith("-")) return "diff-del";
  return "diff-ctx";
}
