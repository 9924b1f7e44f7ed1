export function demangle(name: string): string {
  return name;
}
