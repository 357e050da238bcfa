import { defineConformance } from './conformance.js';
import { defineStorm } from './tabs.js';

defineConformance('chromium');
defineStorm('chromium');
