/**
 * A typed, synchronous publish/subscribe channel. The agent service announces lifecycle changes on
 * it; the agent gateway subscribes to close live sessions of revoked or deleted agents.
 */
export type EventBusListener<E> = (event: E) => void;

export class EventBus<E extends { type: string }> {
  private readonly listeners = new Map<E['type'], Set<EventBusListener<E>>>();

  constructor(private readonly onListenerError: (error: unknown, event: E) => void) {}

  /** Returns a function that removes the listener. */
  on<T extends E['type']>(type: T, listener: EventBusListener<Extract<E, { type: T }>>): () => void {
    const set = this.listeners.get(type) ?? new Set<EventBusListener<E>>();
    const erased = listener as EventBusListener<E>;
    set.add(erased);
    this.listeners.set(type, set);
    return () => set.delete(erased);
  }

  /** A failing listener is reported and never stops the others or the emitter. */
  emit(event: E): void {
    for (const listener of this.listeners.get(event.type) ?? []) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
