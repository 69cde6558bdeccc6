import { describe, expect, it } from 'vitest';
import { TypedEventEmitter } from './typed-event-emitter.js';

interface Events {
  ping: { count: number };
  pong: { text: string };
}

function emitter(errors: unknown[] = []) {
  return new TypedEventEmitter<Events>((error) => errors.push(error));
}

describe('TypedEventEmitter', () => {
  it('calls the listeners of an event in the order they were added, with the payload', () => {
    const events = emitter();
    const calls: string[] = [];
    events.on('ping', ({ count }) => calls.push(`first ${count}`));
    events.on('ping', ({ count }) => calls.push(`second ${count}`));
    events.on('pong', ({ text }) => calls.push(`pong ${text}`));
    events.emit('ping', { count: 1 });
    expect(calls).toEqual(['first 1', 'second 1']);
  });

  it('stops calling a listener once unsubscribed; unsubscribing twice is harmless', () => {
    const events = emitter();
    const calls: number[] = [];
    const off = events.on('ping', ({ count }) => calls.push(count));
    events.emit('ping', { count: 1 });
    off();
    off();
    events.emit('ping', { count: 2 });
    expect(calls).toEqual([1]);
    expect(events.listenerCount('ping')).toBe(0);
  });

  it('keeps two registrations of the same function apart', () => {
    const events = emitter();
    const calls: number[] = [];
    const listener = ({ count }: { count: number }) => calls.push(count);
    const off = events.on('ping', listener);
    events.on('ping', listener);
    off();
    events.emit('ping', { count: 7 });
    expect(calls).toEqual([7]);
  });

  it('reports a throwing listener and still calls the others', () => {
    const errors: unknown[] = [];
    const events = emitter(errors);
    const calls: number[] = [];
    const failure = new Error('listener bug');
    events.on('ping', () => {
      throw failure;
    });
    events.on('ping', ({ count }) => calls.push(count));
    expect(() => events.emit('ping', { count: 3 })).not.toThrow();
    expect(calls).toEqual([3]);
    expect(errors).toEqual([failure]);
  });

  it('lets a listener unsubscribe another during an emit without skipping anyone', () => {
    const events = emitter();
    const calls: string[] = [];
    let offSecond = () => {};
    events.on('ping', () => {
      calls.push('first');
      offSecond();
    });
    offSecond = events.on('ping', () => calls.push('second'));
    events.emit('ping', { count: 0 });
    events.emit('ping', { count: 0 });
    expect(calls).toEqual(['first', 'second', 'first']);
  });
});
