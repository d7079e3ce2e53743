# 笔记本的 Sigmoid 单元格，逐字照录；标有“改动”的行是为了在没有图形界面的
# 环境（CI）中运行：用 Agg 后端，把图写入环境变量 ACTIVATIONS_FIGURES_DIR
# 指定的目录（默认当前目录），而不是 plt.show()。
import os  # 改动：图写入的目录来自环境变量
import matplotlib  # 改动：无界面运行
matplotlib.use("Agg")  # 改动：无界面运行
import numpy as np
import matplotlib.pyplot as plt

# ANCHOR: functions
# 定义 Sigmoid 函数
def sigmoid(x):
    return 1 / (1 + np.exp(-x))

# 定义 Sigmoid 函数的导数
def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1 - s)
# ANCHOR_END: functions

# 生成数据
x = np.linspace(-10, 10, 100)
y = sigmoid(x)
dy = sigmoid_derivative(x)

# 绘制图形
plt.figure(figsize=(8, 5))
plt.plot(x, y, label='Sigmoid Function')
plt.plot(x, dy, label='Sigmoid Derivative', linestyle='--')
plt.title('Sigmoid Function and its Derivative')
plt.xlabel('x')
plt.ylabel('value')
plt.grid(True)
plt.legend()
plt.savefig(os.path.join(os.environ.get("ACTIVATIONS_FIGURES_DIR", "."), "sigmoid.png"))  # 改动：原为 plt.show()
