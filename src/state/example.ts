/** The example profile shipped in public/, relative so the page works under any path prefix. */
export const EXAMPLE_URL = 'examples/report.prof';
