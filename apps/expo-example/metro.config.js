// Expo's Metro config (in a monorepo it already resolves `react` and `react-native` once, from this app), with
// `module` among the package fields Metro reads: the AWS SDK v3 clients point `main` at their Node build
// (CommonJS, node:https) and map only their ES build to React Native's runtime config, so Metro must pick the ES
// build (`module`) for `@aws-sdk/client-s3`, and for the SDK clients that `@web-identity/core`'s opt-in
// `sdkTransport()` loads lazily (Metro bundles a lazy import all the same).
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);
config.resolver.resolverMainFields = ['react-native', 'browser', 'module', 'main'];

module.exports = config;
