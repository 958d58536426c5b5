// C's printf("%.Nf") for a double, which the reference tools print with: the exact binary
// value rounded to N decimals, a tie to even. JavaScript's toFixed rounds a tie up, so the
// two differ only when the double lies exactly halfway (12.125 printed with 2 decimals).

export function printfFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  // toFixed(100) writes the double's exact decimal expansion for any value that matters here.
  const exact = x.toFixed(100);
  const point = exact.indexOf('.');
  const rest = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return rounded;
  const truncated = exact.slice(0, digits === 0 ? point : point + 1 + digits);
  return Number(truncated[truncated.length - 1]) % 2 === 0 ? truncated : rounded;
}
