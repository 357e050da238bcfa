import { createComponent, type JSX } from 'solid-js';
import { render } from 'solid-js/web';
import {
  type AwsCredentialsAccessors,
  AwsCredentialsProvider,
  type AwsCredentialsProviderProps,
  useAwsCredentials,
} from '../src/index.js';

/** A consumer that shows `status|accessKeyId|subject|exchangeCount` and hands its accessors to the test. */
export function Probe(props: { onApi?: (api: AwsCredentialsAccessors) => void }): JSX.Element {
  const c = useAwsCredentials();
  props.onApi?.(c);
  return (() =>
    `[${c.status()}|${c.credentials()?.accessKeyId ?? ''}|${c.identity()?.subject ?? ''}|${c.exchangeCount()}]`) as unknown as JSX.Element;
}

/** Renders `<AwsCredentialsProvider {...input}>` with `probes` consumers into a detached element. */
export function renderProbes(input: Omit<AwsCredentialsProviderProps, 'children'>, probes = 1) {
  const target = document.createElement('div');
  const apis: AwsCredentialsAccessors[] = [];
  const dispose = render(
    () =>
      createComponent(AwsCredentialsProvider, {
        ...(input as AwsCredentialsProviderProps),
        get children() {
          return Array.from({ length: probes }, () => createComponent(Probe, { onApi: (a) => apis.push(a) }));
        },
      }),
    target,
  );
  const text = () => target.textContent?.match(/\[[^\]]*\]/g) ?? [];
  return { target, apis, text, dispose };
}
