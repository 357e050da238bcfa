import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AwsCredentialsProvider,
  type CredentialsClient,
  GUEST_IDENTITY_STORAGE_PREFIX,
  maskAccessKeyId,
  useAwsClient,
  useAwsCredentials,
} from '@web-identity/react';
import * as SecureStore from 'expo-secure-store';
import { useEffect, useState } from 'react';
import { Button, SafeAreaView, StyleSheet, Text, View } from 'react-native';
import { devSignIn, forgetToken } from './auth';
import { config } from './config';
import { createAppClient } from './credentials';
import { preloadedStorage, secureStoreKeyValue } from './platform';

/** The guest-id key core would use for a Cognito identity pool (read once at start, before the client). */
const GUEST_KEY = `${GUEST_IDENTITY_STORAGE_PREFIX}${process.env.EXPO_PUBLIC_GUEST_POOL_ID ?? 'none'}`;

export function App() {
  const [client, setClient] = useState<CredentialsClient | null>(null);
  useEffect(() => {
    let made: CredentialsClient | null = null;
    preloadedStorage(secureStoreKeyValue(SecureStore), [GUEST_KEY]).then((storage) => {
      made = createAppClient(config, storage);
      setClient(made);
    });
    return () => made?.dispose();
  }, []);
  if (!client) return <Text>Loading…</Text>;
  return (
    <AwsCredentialsProvider client={client}>
      <SafeAreaView style={styles.screen}>
        <Text style={styles.title}>Photo uploads with temporary AWS credentials</Text>
        <Credentials />
        <Upload />
      </SafeAreaView>
    </AwsCredentialsProvider>
  );
}

function Credentials() {
  const { status, identity, credentials, expiresAt, exchangeCount, error, refresh, signOut } =
    useAwsCredentials();
  const signIn = async () => {
    await devSignIn(config, 'alice');
    refresh(); // after a sign-in, the app asks for keys again
  };
  return (
    <View style={styles.card}>
      <View style={styles.row}>
        <Button title="Sign in as alice" onPress={signIn} testID="sign-in" />
        <Button
          title="Sign out"
          onPress={() => {
            forgetToken();
            signOut();
          }}
          testID="sign-out"
        />
      </View>
      <Text testID="status">Status: {status}</Text>
      <Text testID="subject">Subject: {identity?.subject ?? ''}</Text>
      <Text testID="access-key">
        Access key: {credentials ? maskAccessKeyId(credentials.accessKeyId) : ''}
      </Text>
      <Text testID="expires-at">Expires: {expiresAt?.toISOString() ?? ''}</Text>
      <Text testID="exchange-count">Exchanges: {exchangeCount}</Text>
      {error && <Text testID="error">{`${error.code}: ${error.message}`}</Text>}
    </View>
  );
}

function Upload() {
  const s3 = useAwsClient(S3Client, {
    region: config.region,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const { identity, credentials } = useAwsCredentials();
  const [result, setResult] = useState('');
  const upload = async () => {
    const key = `uploads/${identity?.subject}/hello-${Date.now()}.txt`;
    try {
      await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: 'hello from Expo' }));
      setResult(`uploaded ${key}`);
    } catch (e) {
      setResult(`${(e as Error).name}: ${(e as Error).message}`);
    }
  };
  return (
    <View style={styles.card}>
      <Button title="Upload a file" onPress={upload} disabled={!credentials} testID="upload" />
      <Text testID="upload-result">{result}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, padding: 16, gap: 12 },
  title: { fontSize: 18, fontWeight: '600' },
  card: { gap: 6, padding: 12, borderRadius: 8, backgroundColor: '#f3f4f6' },
  row: { flexDirection: 'row', gap: 8 },
});
