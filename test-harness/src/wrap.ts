/**
 * The adapter with some methods replaced; every other member is read from it (methods bound), so
 * extras such as a memory transport's `idle()` keep working through the wrapper.
 */
export function override<T extends object>(inner: T, replaced: Partial<T>): T {
  return new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property as keyof T];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
