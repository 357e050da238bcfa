import { defineConformance } from './conformance.js';
import { defineSmoke } from './smoke.js';
import { defineStorm } from './tabs.js';

defineConformance('webkit');
defineSmoke('webkit', { tabs: true });
defineStorm('webkit');
