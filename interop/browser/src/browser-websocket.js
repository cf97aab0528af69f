// Stands in for the npm "ws" package in the page bundle: the browser's own WebSocket.
export default globalThis.WebSocket;
