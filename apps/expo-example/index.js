import { registerRootComponent } from 'expo';
import { Text } from 'react-native';

function App() {
  return <Text>hi</Text>;
}
registerRootComponent(App);
