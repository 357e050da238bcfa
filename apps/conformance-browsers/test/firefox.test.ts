import { defineConformance } from './conformance.js';
import { defineSmoke } from './smoke.js';
import { defineStorm } from './tabs.js';

defineConformance('firefox');
defineSmoke('firefox');
defineStorm('firefox');
