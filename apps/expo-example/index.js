// crypto.getRandomValues for the AWS SDK's S3 client (its request ids); @web-identity/core does not need it.
import 'react-native-get-random-values';
import { registerRootComponent } from 'expo';
import { App } from './src/App';

registerRootComponent(App);
