/**
 * t-steps lays out its items (marker, status, which one is current) when an item links or its `current` changes,
 * with the items it holds at that moment; a status that changes on a reload (退回) is laid out only if `current`
 * changes too. Once a reload is drawn the bar is asked to lay out its items again, with the method it uses itself.
 */
export function relayoutSteps(steps: unknown): void {
  (steps as { updateChildren?: () => void } | null)?.updateChildren?.();
}
