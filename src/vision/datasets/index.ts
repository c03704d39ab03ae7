// torch-node/vision datasets (torchvision.datasets).
export {};
