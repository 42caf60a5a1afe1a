// A binary max-heap of (priority, item) pairs: the simulation re-scores only the image that just
// received a vote, so picking the best image stays O(log n) per vote instead of O(n).

export class MaxHeap<T> {
  private readonly entries: { priority: number; item: T }[] = [];

  get size(): number {
    return this.entries.length;
  }

  push(priority: number, item: T): void {
    const entries = this.entries;
    entries.push({ priority, item });
    let child = entries.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (entries[parent]!.priority >= entries[child]!.priority) break;
      [entries[parent], entries[child]] = [entries[child]!, entries[parent]!];
      child = parent;
    }
  }

  /** Removes and returns the entry of highest priority, or undefined when empty. */
  pop(): { priority: number; item: T } | undefined {
    const entries = this.entries;
    const top = entries[0];
    const last = entries.pop();
    if (top === undefined || last === undefined || entries.length === 0) return top;
    entries[0] = last;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let largest = parent;
      if (left < entries.length && entries[left]!.priority > entries[largest]!.priority) largest = left;
      if (right < entries.length && entries[right]!.priority > entries[largest]!.priority) largest = right;
      if (largest === parent) break;
      [entries[parent], entries[largest]] = [entries[largest]!, entries[parent]!];
      parent = largest;
    }
    return top;
  }
}
