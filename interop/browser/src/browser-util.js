// Stands in for Node's "util" in the page bundle: duplex's JSON codec takes TextEncoder and
// TextDecoder from it only where they are missing, which they never are in a browser.
export const TextEncoder = globalThis.TextEncoder;
export const TextDecoder = globalThis.TextDecoder;
