// A publishable key's allowed origin, as the API checks it. Pure and tiny, so the console's key
// form checks each origin as it is added with the very rule the server applies.

/** `scheme://host[:port]`, or `scheme://host:*` for any port; lower case, no path. */
export const ORIGIN_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)(:(\d{1,5}|\*))?$/;
